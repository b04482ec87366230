package dev.sibyl.server.pool;

import static dev.sibyl.server.pool.FourGpuLocalPool.config;
import static dev.sibyl.server.pool.FourGpuLocalPool.isDone;
import static dev.sibyl.server.pool.FourGpuLocalPool.submit;
import static dev.sibyl.server.testing.TenantExperiments.trials;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fair-share preemption end to end ({@code sibyl.scheduler.fair-share-preemption}, ADR 0019), with real trials in
 * the local pool declared with four GPUs ({@link FourGpuLocalPool}).
 */
@QuarkusTest
@TestProfile(FairSharePreemptionEndToEndTest.Preempting.class)
class FairSharePreemptionEndToEndTest {
    /**
     * Fair-share preemption and loans above the share on; trials may be preempted after a second; no lending of held
     * GPUs and no estimates. Loans above the share change nothing here: every trial is admitted within its
     * tenant's share of the moment.
     */
    public static class Preempting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sibyl.scheduler.fair-share-preemption", "true",
                    "sibyl.scheduler.above-share-on-loan", "true",
                    "sibyl.scheduler.min-runtime-before-preemption", "1s",
                    "sibyl.scheduler.runtime-estimates", "0",
                    "sibyl.scheduler.lend-held", "false");
        }
    }

    private static final double FILLER_SECONDS = 20;

    @Inject
    ApiTokens tokens;

    @Inject
    EntityManager entities;

    @Inject
    DriverSupervisor drivers;

    @Inject
    PoolScheduler scheduler;

    private final FourGpuLocalPool pool = new FourGpuLocalPool();

    /**
     * Tenant {@code filler} runs four 1-GPU trials on the four GPUs. Tenant {@code gang} then asks for two GPUs: the
     * weighted max-min shares are two and two, so two of the filler's trials are preempted at once rather than
     * waited for, the gang trial starts, and the preempted trials end SYS_CANCELED saying why, run again and finish.
     */
    @Test
    void aTenantBelowItsFairSharePreemptsTheTenantAboveItsShareForItsTwoGpuTrial() throws Exception {
        FourGpuLocalPool.stopEverythingElse(entities, drivers);
        pool.declare();
        TestTenant filler = TestTenants.create(tokens);
        TestTenant gang = TestTenants.create(tokens);
        String fillerToken = filler.token(Role.MEMBER);
        String gangToken = gang.token(Role.MEMBER);

        String fills = submit(filler, fillerToken, config(1, 4, 4, FILLER_SECONDS));
        await(() -> count(trials(filler, fillerToken, fills), "RUNNING") == 4, "the filler runs on all four GPUs");
        Thread.sleep(1_500); // past the minimum runtime before preemption
        String big = submit(gang, gangToken, config(2, 1, 1, 2));
        await(() -> isDone(gang, gangToken, big) && isDone(filler, fillerToken, fills), "both experiments are done");

        List<Map<String, Object>> fillerTrials = trials(filler, fillerToken, fills);
        List<Map<String, Object>> preempted = fillerTrials.stream()
                .filter(t -> "SYS_CANCELED".equals(t.get("status")))
                .toList();
        assertThat(preempted).as("two trials make room for two GPUs").hasSize(2);
        Map<String, Object> gangTrial = trials(gang, gangToken, big).get(0);
        assertThat(gangTrial.get("status")).isEqualTo("SUCCEEDED");
        Instant gangStarted = Instant.parse((String) gangTrial.get("startedAt"));
        Instant firstFillerEnd = fillerTrials.stream()
                .filter(t -> "SUCCEEDED".equals(t.get("status")) && t.get("requeuedFrom") == null)
                .map(t -> Instant.parse((String) t.get("endedAt")))
                .min(Instant::compareTo)
                .orElseThrow();
        assertThat(gangStarted)
                .as("the gang trial did not wait for the filler's trials to end")
                .isBefore(firstFillerEnd);
        for (Map<String, Object> p : preempted) {
            assertThat(Duration.between(
                            Instant.parse((String) p.get("startedAt")), Instant.parse((String) p.get("endedAt"))))
                    .as("preempted before its end")
                    .isLessThan(Duration.ofSeconds((long) FILLER_SECONDS));
            assertThat(fillerTrials)
                    .as("trial %s runs again with its parameters and finishes", p.get("id"))
                    .anySatisfy(t -> {
                        assertThat(t.get("requeuedFrom")).isEqualTo(p.get("id"));
                        assertThat(t.get("status")).isEqualTo("SUCCEEDED");
                        assertThat(t.get("parameters")).isEqualTo(p.get("parameters"));
                        assertThat(p.get("message"))
                                .isEqualTo("preempted: a tenant below its fair share needed the machine for a"
                                        + " multi-GPU trial in pool local; queued again as trial " + t.get("id"));
                    });
        }
    }

    @Test
    void bothFairShareOptionsReachTheScheduler() {
        assertThat(scheduler.settings().fairSharePreemption()).isTrue();
        assertThat(scheduler.settings().aboveShareOnLoan()).isTrue();
        assertThat(scheduler.settings().minRuntimeBeforePreemption()).isEqualTo(1_000);
    }

    @AfterEach
    void restoreLocalPool() {
        FourGpuLocalPool.stopEverythingElse(entities, drivers);
        pool.restore();
    }

    private static long count(List<Map<String, Object>> trials, String status) {
        return trials.stream().filter(t -> status.equals(t.get("status"))).count();
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 2 min for: " + what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
