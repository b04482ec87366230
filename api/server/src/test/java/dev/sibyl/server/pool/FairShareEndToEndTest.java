package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TestArchives;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two tenants share a local pool of four trial slots, each with an experiment asking for four at a time: the pool
 * scheduler admits trials so that, while both wait, tenant weights 3:1 give running trials 3:1, the pool is never
 * over-allocated, every waiting trial shows its place and reason, and both experiments run to the end.
 */
@QuarkusTest
@TestProfile(FairShareEndToEndTest.FourSlots.class)
class FairShareEndToEndTest {
    /** A local pool of four trial slots. */
    public static class FourSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sibyl.pools.local.slots", "4");
        }
    }

    private static final String CONFIG = String.join(
            "\n",
            "searchSpace:",
            "  x: {_type: uniform, _value: [0, 1]}",
            "trialCommand: python3 work.py",
            "trialCodeDirectory: .",
            "trialConcurrency: 4",
            "maxTrialNumber: 10",
            "tuner:",
            "  name: Random",
            "trainingService:",
            "  platform: local",
            "");
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join(
                            "\n",
                            "import time",
                            "import nni",
                            "nni.get_next_parameter()",
                            "time.sleep(2.5)",
                            "nni.report_final_result(1.0)",
                            "")
                    .getBytes(StandardCharsets.UTF_8));

    @Inject
    ApiTokens tokens;

    @Inject
    EntityManager entities;

    /** Trials holding a slot, and trials waiting for one, of each tenant's experiment. */
    private record Sample(int heavy, int light, int heavyWaiting, int lightWaiting) {}

    @Test
    void weightsThreeToOneShareFourSlotsThreeToOneAndEveryWaitingTrialSaysWhy() throws Exception {
        // Experiments left running by other test classes would hold slots of this small pool.
        QuarkusTransaction.requiringNew()
                .run(() -> entities.createNativeQuery("update experiments set status = 'STOPPED'"
                                + " where status in ('RUNNING', 'NO_MORE_TRIAL', 'TUNER_NO_MORE_TRIAL', 'INITIALIZED')")
                        .executeUpdate());
        TestTenant heavy = TestTenants.create(tokens);
        TestTenant light = TestTenants.create(tokens);
        weigh(heavy, 3);
        weigh(light, 1);
        String heavyToken = heavy.token(Role.MEMBER);
        String lightToken = light.token(Role.MEMBER);
        String heavyExperiment = submit(heavy, heavyToken);
        String lightExperiment = submit(light, lightToken);

        List<Sample> contended = new ArrayList<>();
        boolean reasonSeen = false;
        boolean queueSeen = false;
        boolean lightStarted = false; // until then the heavy tenant may hold all four, admitted before light came
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> heavyTrials = trials(heavy, heavyToken, heavyExperiment);
            Sample s = sample(heavyExperiment, lightExperiment);
            assertThat(s.heavy() + s.light())
                    .as("trials holding slots of a 4-slot pool")
                    .isLessThanOrEqualTo(4);
            lightStarted |= s.light() > 0;
            if (lightStarted && s.heavyWaiting() > 0 && s.lightWaiting() > 0 && s.heavy() + s.light() == 4) {
                contended.add(s);
            }
            for (Map<String, Object> t : heavyTrials) {
                if ("WAITING".equals(t.get("status")) && t.get("queue") instanceof Map<?, ?> queue) {
                    assertThat((String) queue.get("reason")).isNotBlank();
                    assertThat((Integer) queue.get("position")).isPositive();
                    reasonSeen = true;
                }
            }
            List<Map<String, Object>> queue = Api.admin()
                    .get("/api/v1/pools/local/queue")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            if (!queue.isEmpty()) {
                queueSeen = true;
                assertThat(queue)
                        .allSatisfy(e -> assertThat((String) e.get("reason")).isNotBlank());
            }
            if (isDone(heavy, heavyToken, heavyExperiment) && isDone(light, lightToken, lightExperiment)) {
                break;
            }
            Thread.sleep(150);
        }
        assertThat(isDone(heavy, heavyToken, heavyExperiment)).isTrue();
        assertThat(isDone(light, lightToken, lightExperiment)).isTrue();
        assertThat(trials(heavy, heavyToken, heavyExperiment))
                .hasSize(10)
                .extracting(t -> t.get("status"))
                .containsOnly("SUCCEEDED");
        assertThat(trials(light, lightToken, lightExperiment))
                .hasSize(10)
                .extracting(t -> t.get("status"))
                .containsOnly("SUCCEEDED");
        assertThat(reasonSeen).as("a waiting trial showed why it waits").isTrue();
        assertThat(queueSeen).as("the pool's queue listed waiting trials").isTrue();
        assertThat(contended)
                .as("samples with both tenants waiting and the pool full")
                .hasSizeGreaterThan(5);
        long threeToOne =
                contended.stream().filter(s -> s.heavy() == 3 && s.light() == 1).count();
        assertThat((double) threeToOne / contended.size())
                .as("share of full-pool samples at 3:1: %s", contended)
                .isGreaterThanOrEqualTo(0.7);
    }

    /** The scheduler's view: trials holding a placement, and trials waiting for one, per experiment. */
    private Sample sample(String heavyExperiment, String lightExperiment) {
        List<?> rows = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery(
                                "select experiment_id, placement is not null, count(*) from trials"
                                        + " where experiment_id in (?1, ?2) and status in ('WAITING', 'RUNNING')"
                                        + " group by experiment_id, placement is not null")
                        .setParameter(1, heavyExperiment)
                        .setParameter(2, lightExperiment)
                        .getResultList());
        int[] counts = new int[4];
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            int index = (heavyExperiment.equals(r[0]) ? 0 : 1) + (Boolean.TRUE.equals(r[1]) ? 0 : 2);
            counts[index] = ((Number) r[2]).intValue();
        }
        return new Sample(counts[0], counts[1], counts[2], counts[3]);
    }

    private static void weigh(TestTenant t, double weight) {
        Api.admin()
                .contentType("application/json")
                .body(Map.of("weight", weight))
                .put("/api/v1/admin/tenants/" + t.slug() + "/quota")
                .then()
                .statusCode(200);
    }

    private static String submit(TestTenant t, String token) {
        ExtractableResponse<Response> created = t.as(token)
                .multiPart("config", CONFIG)
                .multiPart("code", "code.tar.gz", TestArchives.tarGz(CODE), "application/gzip")
                .post(t.experiments())
                .then()
                .extract();
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.path("id");
    }

    private static List<Map<String, Object>> trials(TestTenant t, String token, String id) {
        return t.as(token)
                .get(t.experiments() + "/" + id + "/trials")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static int count(List<Map<String, Object>> trials, String status) {
        return (int) trials.stream().filter(t -> status.equals(t.get("status"))).count();
    }

    private static boolean isDone(TestTenant t, String token, String id) {
        return "DONE"
                .equals(t.as(token)
                        .get(t.experiments() + "/" + id)
                        .then()
                        .extract()
                        .path("status"));
    }
}
