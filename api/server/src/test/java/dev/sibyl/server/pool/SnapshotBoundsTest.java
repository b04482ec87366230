package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.fairshare.RunningTrial;
import dev.sibyl.scheduler.fairshare.Settings;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The scheduler learns how long a trial may hold its resources from its experiment's {@code maxTrialDuration}
 * (which the driver enforces), so it may backfill GPUs held for a reservation with trials sure to end in time.
 */
@QuarkusTest
class SnapshotBoundsTest {
    private static final Map<String, byte[]> CODE = TenantExperiments.pythonTrial(
            "import time", "import nni", "nni.get_next_parameter()", "time.sleep(120)", "nni.report_final_result(1.0)");
    private static final Duration SLACK = Duration.ofSeconds(40);

    @Inject
    ApiTokens tokens;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    PoolService pools;

    @Test
    void waitingTrialsCarryTheirBoundAndRunningTrialsTheirDeadline() throws Exception {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = TenantExperiments.privatePool(tenant.slug(), 1);
        String bounded = submit(tenant, token, pool, "maxTrialDuration: 10m");
        String unbounded = submit(tenant, token, pool, "maxExperimentDuration: 1h");
        try {
            long bound = Duration.ofMinutes(10).plus(SLACK).toMillis();
            Snapshot snapshot = awaitSnapshot(bounded, unbounded);
            for (WaitingTrial w : snapshot.waiting()) {
                if (w.experiment().equals(bounded)) {
                    assertThat(w.maxRuntime()).as("waiting %s", w.id()).isEqualTo(bound);
                } else if (w.experiment().equals(unbounded)) {
                    assertThat(w.bounded()).as("waiting %s", w.id()).isFalse();
                }
            }
            for (RunningTrial r : snapshot.running()) {
                if (r.experiment().equals(bounded)) {
                    assertThat(r.deadline()).as("running %s", r.id()).isEqualTo(r.startedAt() + bound);
                } else if (r.experiment().equals(unbounded)) {
                    assertThat(r.deadline()).as("running %s", r.id()).isEqualTo(RunningTrial.NO_DEADLINE);
                }
            }
        } finally {
            tenant.as(token).post(tenant.experiments() + "/" + bounded + "/stop");
            tenant.as(token).post(tenant.experiments() + "/" + unbounded + "/stop");
        }
    }

    /** Waits until both experiments have a trial in the snapshot, one of them running (the pool has one slot). */
    private Snapshot awaitSnapshot(String bounded, String unbounded) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Snapshot s = new SnapshotReader(
                            dataSource, json, Duration.ofHours(2), SLACK, EstimateSettings.OFF, Duration.ZERO)
                    .read(pools.forScheduler(), System.currentTimeMillis(), Settings.DEFAULTS);
            boolean boundedSeen =
                    s.waiting().stream().anyMatch(w -> w.experiment().equals(bounded))
                            || s.running().stream().anyMatch(r -> r.experiment().equals(bounded));
            boolean unboundedSeen =
                    s.waiting().stream().anyMatch(w -> w.experiment().equals(unbounded))
                            || s.running().stream().anyMatch(r -> r.experiment().equals(unbounded));
            boolean oneRuns = s.running().stream()
                    .anyMatch(r ->
                            r.experiment().equals(bounded) || r.experiment().equals(unbounded));
            if (boundedSeen && unboundedSeen && oneRuns) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("both experiments never showed up in the snapshot with one trial running");
    }

    private static String submit(TestTenant tenant, String token, String pool, String limit) {
        return TenantExperiments.post(
                        tenant,
                        token,
                        TenantExperiments.config(
                                1, 1, limit, "trainingService:", "  platform: pool", "  pool: " + pool),
                        CODE)
                .response()
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
