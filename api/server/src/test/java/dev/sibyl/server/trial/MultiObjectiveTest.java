package dev.sibyl.server.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.TestArchives;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
                            "nni.report_final_result({'accuracy': x - 0.5 * y, 'latency_ms': 10 * x + y})",
                            "")
                    .getBytes(StandardCharsets.UTF_8));

    @Inject
    ApiTokens tokens;

    @Test
    void theResultIsTheParetoSetOfTheSucceededTrials() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String config = String.join(
                "\n",
                "searchSpace:",
                "  x: {_type: uniform, _value: [0, 1]}",
                "  y: {_type: uniform, _value: [0, 1]}",
                "trialCommand: python3 work.py",
                "trialCodeDirectory: .",
                "trialConcurrency: 3",
                "maxTrialNumber: 12",
                "objectives:",
                "  - {metric: accuracy, mode: maximize}",
                "  - {metric: latency_ms, mode: minimize}",
                "tuner:",
                "  name: TPE",
                "  classArgs: {seed: 7}",
                "trainingService:",
                "  platform: local",
                "");
        String id = tenant.as(token)
                .multiPart("config", config)
                .multiPart("code", "code.tar.gz", TestArchives.tarGz(CODE), "application/gzip")
                .post(tenant.experiments())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String status = "";
        while (!"DONE".equals(status) && !"ERROR".equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = tenant.as(token)
                    .get(tenant.experiments() + "/" + id)
                    .then()
                    .extract()
                    .path("status");
        }
        assertThat(status).isEqualTo("DONE");

        List<Map<String, Object>> front = tenant.as(token)
                .get(tenant.experiments() + "/" + id + "/pareto")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("trials");
        List<Map<String, Object>> trials = tenant.as(token)
                .get(tenant.experiments() + "/" + id + "/trials")
                .then()
                .extract()
                .jsonPath()
                .getList("$");

        assertThat(trials)
                .hasSize(12)
                .allSatisfy(t -> assertThat(t.get("status")).isEqualTo("SUCCEEDED"));
        assertThat(front).isNotEmpty().hasSizeLessThanOrEqualTo(12);
        for (Map<String, Object> a : front) {
            Map<?, ?> va = (Map<?, ?>) a.get("values");
            assertThat(va.keySet()).containsExactly("accuracy", "latency_ms");
            for (Map<String, Object> b : front) {
                Map<?, ?> vb = (Map<?, ?>) b.get("values");
                boolean dominates = number(vb, "accuracy") >= number(va, "accuracy")
                        && number(vb, "latency_ms") <= number(va, "latency_ms")
                        && (number(vb, "accuracy") > number(va, "accuracy")
                                || number(vb, "latency_ms") < number(va, "latency_ms"));
                assertThat(dominates).as("%s dominates %s", b, a).isFalse();
            }
        }
    }

    @Test
    void aSingleObjectiveExperimentHasNoParetoSet() {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String config = String.join(
                "\n",
                "searchSpace:",
                "  x: {_type: uniform, _value: [0, 1]}",
                "trialCommand: python3 work.py",
                "trialCodeDirectory: .",
                "trialConcurrency: 1",
                "maxTrialNumber: 1",
                "tuner:",
                "  name: Random",
                "trainingService:",
                "  platform: local",
                "");
        String id = tenant.as(token)
                .multiPart("config", config)
                .multiPart("code", "code.tar.gz", TestArchives.tarGz(CODE), "application/gzip")
                .post(tenant.experiments())
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        tenant.as(token).get(tenant.experiments() + "/" + id + "/pareto").then().statusCode(409);
    }

    private static double number(Map<?, ?> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }
}
