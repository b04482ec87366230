package dev.sibyl.server.pool;

import static dev.sibyl.server.testing.TenantExperiments.trials;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
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
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The queue of a replica that does not hold the scheduler lease: it reads what the lease holder published in the
 * database ({@link QueueBoard}), and must see the same positions and reasons the holder answers from memory.
 */
@QuarkusTest
class QueueBoardTest {
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            "import time\nimport nni\nnni.get_next_parameter()\ntime.sleep(120)\nnni.report_final_result(1.0)\n"
                    .getBytes(StandardCharsets.UTF_8));

    @Inject
    ApiTokens tokens;

    @Inject
    DataSource dataSource;

    @Test
    void aReplicaWithoutTheLeaseSeesTheHoldersPositionsAndReasons() throws Exception {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = TenantExperiments.privatePool(tenant.slug(), 1);
        String id = TenantExperiments.post(
                        tenant,
                        token,
                        TenantExperiments.config(3, 3, "trainingService:", "  platform: pool", "  pool: " + pool),
                        CODE)
                .response()
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        QueueBoard otherReplica = new QueueBoard(dataSource);
        try {
            // One trial holds the pool's only slot; two wait, and the holder says why.
            List<Map<String, Object>> waiting = await(
                    () -> {
                        List<Map<String, Object>> w = trials(tenant, token, id).stream()
                                .filter(t -> t.get("queue") != null)
                                .toList();
                        return w.size() == 2 ? w : null;
                    },
                    "two trials waiting with a reason");

            // The holder answers from its last pass and publishes at most every queue-publish-interval (and a
            // reservation's expected time moves from pass to pass): both views must come to agree.
            for (Map<String, Object> t : waiting) {
                String trialId = (String) t.get("id");
                QueueEntry seen = await(
                        () -> {
                            Map<?, ?> holder = (Map<?, ?>) tenant.as(token)
                                    .get(tenant.experiments() + "/" + id + "/trials/" + trialId)
                                    .then()
                                    .extract()
                                    .path("queue");
                            return otherReplica
                                    .entry(id, trialId)
                                    .filter(e -> holder != null
                                            && e.position() == (Integer) holder.get("position")
                                            && e.reason().equals(holder.get("reason")))
                                    .orElse(null);
                        },
                        "trial " + trialId + " published as the holder shows it");
                assertThat(seen.reason())
                        .contains(pool)
                        .as("times are shown as instants, not epoch milliseconds")
                        .doesNotContainPattern("\\d{12,}");
                assertThat(seen.tenant()).isEqualTo(tenant.slug());
            }
            assertThat(waiting)
                    .map(t -> (String) ((Map<?, ?>) t.get("queue")).get("reason"))
                    .anySatisfy(reason -> assertThat(reason)
                            .startsWith("first in line: machine box in pool " + pool)
                            .containsPattern("expected to have room at \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
            List<QueueEntry> poolQueue = otherReplica.queue(pool);
            assertThat(poolQueue)
                    .extracting(QueueEntry::trialId)
                    .containsExactlyInAnyOrderElementsOf(
                            waiting.stream().map(t -> (String) t.get("id")).toList());
            assertThat(poolQueue).isSortedAccordingTo(java.util.Comparator.comparingInt(QueueEntry::position));
            assertThat(Api.admin()
                            .get("/api/v1/pools/" + pool + "/queue")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("trialId", String.class))
                    .containsExactlyElementsOf(
                            poolQueue.stream().map(QueueEntry::trialId).toList());

            // A trial that stops waiting leaves the published queue too.
            String killed = (String) waiting.get(0).get("id");
            tenant.as(token)
                    .post(tenant.experiments() + "/" + id + "/trials/" + killed + "/kill")
                    .then()
                    .statusCode(200);
            await(() -> otherReplica.entry(id, killed).isEmpty() ? Boolean.TRUE : null, "the killed trial unpublished");
            assertThat(otherReplica.entry(id, (String) waiting.get(1).get("id")))
                    .isPresent();
        } finally {
            tenant.as(token).post(tenant.experiments() + "/" + id + "/stop");
        }
        await(() -> otherReplica.queue(pool).isEmpty() ? Boolean.TRUE : null, "the stopped experiment unpublished");
    }

    private static <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null && !(value instanceof Optional<?> o && o.isEmpty())) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
