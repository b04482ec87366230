package dev.sibyl.server.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A search over two metrics of the reported dict (Sibyl's {@code objectives}): TPE runs in its multi-objective mode,
 * and the result is the Pareto set of the succeeded trials.
 */
@QuarkusTest
class MultiObjectiveTest {
    /** accuracy rises with x, latency rises with x too: every trial is a trade-off, few dominate. */
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join(
                            "\n",
                            "import nni",
                            "p = nni.get_next_parameter()",
                            "x, y = p['x'], p['y']",
                            "acc = x - 0.5 * y",
                            "nni.report_final_result({'default': acc, 'accuracy': acc, 'latency_ms': 10 * x + y})",
                            "")
                    .getBytes(StandardCharsets.UTF_8));

    @Inject
    ApiTokens tokens;

    @Test
    void theResultIsTheParetoSetOfTheSucceededTrials() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String config = TenantExperiments.config(
                        3,
                        12,
                        "objectives:",
                        "  - {metric: accuracy, mode: maximize}",
                        "  - {metric: latency_ms, mode: minimize}",
                        "tuner:",
                        "  name: TPE",
                        "  classArgs: {seed: 7}",
                        "trainingService:",
                        "  platform: local")
                .replace(
                        "  x: {_type: uniform, _value: [0, 1]}",
                        "  x: {_type: uniform, _value: [0, 1]}\n  y: {_type: uniform, _value: [0, 1]}");
        String id = TenantExperiments.submit(tenant, token, config, CODE);
        String status = TenantExperiments.awaitEnd(tenant, token, id);
        assertThat(status).isEqualTo("DONE");

        List<Map<String, Object>> front = tenant.as(token)
                .get(tenant.experiments() + "/" + id + "/pareto")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("trials");
        List<Map<String, Object>> trials = TenantExperiments.trials(tenant, token, id);

        assertThat(trials)
                .hasSize(12)
                .allSatisfy(t -> assertThat(t.get("status")).isEqualTo("SUCCEEDED"));
        assertThat(front).isNotEmpty().hasSizeLessThanOrEqualTo(12);
        for (Map<String, Object> a : front) {
            @SuppressWarnings("unchecked")
            Map<String, Object> va = (Map<String, Object>) a.get("values");
            assertThat(va.keySet()).containsExactly("accuracy", "latency_ms");
            for (Map<String, Object> b : front) {
                Map<?, ?> vb = (Map<?, ?>) b.get("values");
                assertThat(dominates(vb, va)).as("%s dominates %s", b, a).isFalse();
            }
        }
        // complete: every trial left out is beaten on both objectives by a trial of the set
        java.util.Set<Object> inFront =
                front.stream().map(t -> t.get("trialId")).collect(java.util.stream.Collectors.toSet());
        for (Map<String, Object> trial : trials) {
            Map<?, ?> reported = (Map<?, ?>) trial.get("finalMetric");
            if (!inFront.contains(trial.get("id"))) {
                assertThat(front)
                        .as("trial %s is outside the set, so a trial of the set dominates it", trial)
                        .anySatisfy(f -> assertThat(dominates((Map<?, ?>) f.get("values"), reported))
                                .isTrue());
            }
        }
    }

    /** Whether {@code b} is at least as good as {@code a} on both objectives and better on one. */
    private static boolean dominates(Map<?, ?> b, Map<?, ?> a) {
        return number(b, "accuracy") >= number(a, "accuracy")
                && number(b, "latency_ms") <= number(a, "latency_ms")
                && (number(b, "accuracy") > number(a, "accuracy") || number(b, "latency_ms") < number(a, "latency_ms"));
    }

    @Test
    void aSingleObjectiveExperimentHasNoParetoSet() {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String id = TenantExperiments.submit(
                tenant, token, TenantExperiments.config(1, 1, "trainingService:", "  platform: local"), CODE);

        tenant.as(token).get(tenant.experiments() + "/" + id + "/pareto").then().statusCode(409);
    }

    private static double number(Map<?, ?> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }
}
