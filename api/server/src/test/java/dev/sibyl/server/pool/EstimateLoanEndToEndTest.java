package dev.sibyl.server.pool;

import static dev.sibyl.server.pool.FourGpuLocalPool.GPUS;
import static dev.sibyl.server.pool.FourGpuLocalPool.isDone;
import static dev.sibyl.server.pool.FourGpuLocalPool.placedGpus;
import static dev.sibyl.server.pool.FourGpuLocalPool.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runtime estimates end to end ({@code sibyl.scheduler.runtime-estimates}, ADR 0030), with real trials in the local
 * pool declared with four GPUs (as in {@link LendHeldEndToEndTest}). Lending held GPUs is off, so a trial runs on
 * loan only because its experiment's estimate ends before the reservation's expected start while its
 * {@code maxTrialDuration} does not.
 */
@QuarkusTest
@TestProfile(EstimateLoanEndToEndTest.Estimates.class)
class EstimateLoanEndToEndTest {
    /** Estimates as by default (the median of the latest 20 runtimes, from 3 on); lending held GPUs off. */
    public static class Estimates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sibyl.scheduler.runtime-estimates", "0.5",
                    "sibyl.scheduler.runtime-estimates.window", "20",
                    "sibyl.scheduler.runtime-estimates.min-samples", "3",
                    "sibyl.scheduler.lend-held", "false");
        }
    }

    /**
     * How long the trial draining the machine runs: long enough for three quick trials to end and a few more to
     * run on loan while the gang trial waits for it.
     */
    private static final double DRAIN_SECONDS = 40;

    private static final double QUICK_SECONDS = 1;
    private static final int QUICK_TRIALS = 10;
    private static final double GANG_SECONDS = 2;

    @Inject
    ApiTokens tokens;

    @Inject
    EntityManager entities;

    @Inject
    DriverSupervisor drivers;

    @Inject
    ObjectMapper json;

    private final FourGpuLocalPool pool = new FourGpuLocalPool();

    /**
     * Tenant {@code other} runs a 2-GPU trial for 40 s and an experiment of 1-GPU trials that sleep 1 s but may run
     * for two hours. Once three of those have ended, tenant {@code gang}'s 4-GPU trial reserves the machine while it
     * drains. Without estimates the next 1-GPU trials would wait (their two hours end long after the expected
     * start); with them they run on the held GPUs, on loan. When the drain ends, the gang trial takes back a loan
     * still running and starts; everything finishes.
     */
    @Test
    void aTrialWhoseEstimateEndsBeforeTheReservationRunsOnItsHeldGpusOnLoan() throws Exception {
        stopEverythingElse();
        pool.declare();
        TestTenant other = TestTenants.create(tokens);
        TestTenant gang = TestTenants.create(tokens);
        String otherToken = other.token(Role.MEMBER);
        String gangToken = gang.token(Role.MEMBER);
        Watch watch = new Watch();

        String drain = submit(other, otherToken, config(2, 1, DRAIN_SECONDS, ""));
        watch.until(() -> watch.placed(drain) == 1, () -> false, "the 2-GPU trial holds its GPUs");
        String quick = submit(other, otherToken, config(1, QUICK_TRIALS, QUICK_SECONDS, "maxTrialDuration: 2h"));
        watch.until(
                () -> succeeded(quick) >= 3,
                () -> watch.placed(drain) == 0,
                "three quick trials have ended, so their experiment has an estimate, before the machine drained");
        Instant gangSubmitted = Instant.now();
        String big = submit(gang, gangToken, config(4, 1, GANG_SECONDS, ""));
        watch.until(
                () -> TenantExperiments.trials(gang, gangToken, big).stream()
                        .anyMatch(t -> t.get("queue") instanceof Map<?, ?> q
                                && String.valueOf(q.get("reason")).startsWith("first in line: machine localhost")),
                () -> watch.placed(drain) == 0,
                "the 4-GPU trial has reserved the machine");
        watch.until(
                () -> runs(quick).stream().anyMatch(r -> r.onLoan()),
                () -> watch.placed(drain) == 0,
                "a quick trial runs on loan before the machine has drained");
        watch.until(
                () -> isDone(other, otherToken, drain)
                        && isDone(gang, gangToken, big)
                        && isDone(other, otherToken, quick),
                () -> false,
                "all three experiments are done");

        Run drained = only(runs(drain));
        Run gangRun = only(runs(big));
        List<Run> quickRuns = runs(quick);
        List<Run> loans = quickRuns.stream().filter(Run::onLoan).toList();
        assertThat(drained.status()).isEqualTo("SUCCEEDED");
        assertThat(gangRun.status()).isEqualTo("SUCCEEDED");
        assertThat(gangRun.onLoan()).isFalse();
        assertThat(gangRun.gpus()).containsExactlyInAnyOrderElementsOf(GPUS);
        assertThat(gangRun.startedAt()).isAfterOrEqualTo(drained.endedAt());
        assertThat(loans).as("quick trials on loan").isNotEmpty();
        for (Run loan : loans) {
            assertThat(loan.startedAt())
                    .as("%s went on loan once the gang trial was waiting", loan)
                    .isAfter(gangSubmitted);
            assertThat(loan.startedAt())
                    .as("%s went on loan while the machine drained", loan)
                    .isBefore(drained.endedAt());
            assertThat(loan.gpus())
                    .as("%s borrowed a GPU the drain did not hold", loan)
                    .hasSize(1)
                    .doesNotContainAnyElementsOf(drained.gpus());
            assertThat(gangRun.startedAt())
                    .as("%s had ended, or was taken back, before the gang trial started", loan)
                    .isAfterOrEqualTo(loan.endedAt());
            assertThat(loan.status()).isIn("SUCCEEDED", "SYS_CANCELED");
        }
        for (Run r : quickRuns) {
            if (r.startedAt().isBefore(gangSubmitted)) {
                assertThat(r.onLoan()).as("%s started with nothing reserved", r).isFalse();
            }
            if (!r.onLoan()) {
                assertThat(r.status()).as("%s", r).isEqualTo("SUCCEEDED");
            }
        }
        assertThat(quickRuns.stream().filter(r -> r.status().equals("SUCCEEDED")))
                .as("every quick trial ended, a loan taken back ran again")
                .hasSize(QUICK_TRIALS);
        assertThat(watch.peakGpus).as("GPUs in use at the peak").isEqualTo(GPUS.size());
    }

    /** Samples the pool while the scenario runs: placed trials never share a GPU or use one the machine lacks. */
    private final class Watch {
        private final Map<String, Integer> placedByExperiment = new java.util.HashMap<>();
        int peakGpus;

        /** Samples until {@code done}; fails at once when {@code hopeless}, and after two minutes. */
        void until(BooleanSupplier done, BooleanSupplier hopeless, String what) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            sample();
            while (!done.getAsBoolean()) {
                assertThat(System.nanoTime()).as("waited 2 min for: " + what).isLessThan(deadline);
                assertThat(hopeless.getAsBoolean())
                        .as("no longer possible: " + what)
                        .isFalse();
                Thread.sleep(150);
                sample();
            }
        }

        int placed(String experimentId) {
            return placedByExperiment.getOrDefault(experimentId, 0);
        }

        private void sample() {
            List<?> result = QuarkusTransaction.requiringNew()
                    .call(() -> entities.createNativeQuery("select experiment_id, cast(placement as text) from trials"
                                    + " where status in ('WAITING', 'RUNNING') and placement is not null")
                            .getResultList());
            placedByExperiment.clear();
            Set<Integer> taken = new HashSet<>();
            for (Object o : result) {
                Object[] r = (Object[]) o;
                placedByExperiment.merge((String) r[0], 1, Integer::sum);
                JsonNode placement = FourGpuLocalPool.tree(json, (String) r[1]);
                if (!PoolService.LOCAL.equals(placement.path("pool").asText())) {
                    continue;
                }
                for (int g : placedGpus(placement)) {
                    assertThat(GPUS).as("GPU %d of %s", g, r[0]).contains(g);
                    assertThat(taken.add(g))
                            .as("GPU %d given twice: %s", g, result)
                            .isTrue();
                }
            }
            peakGpus = Math.max(peakGpus, taken.size());
        }
    }

    /** A trial of the scenario as the store has it. */
    private record Run(
            String trial, String status, boolean onLoan, List<Integer> gpus, Instant startedAt, Instant endedAt) {}

    private List<Run> runs(String experimentId) {
        List<?> result = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery("select trial_id, status, cast(placement as text), started_at,"
                                + " ended_at from trials where experiment_id = ?1 and placement is not null"
                                + " order by sequence_id")
                        .setParameter(1, experimentId)
                        .getResultList());
        List<Run> runs = new ArrayList<>();
        for (Object o : result) {
            Object[] r = (Object[]) o;
            JsonNode placement = FourGpuLocalPool.tree(json, (String) r[2]);
            runs.add(new Run(
                    (String) r[0],
                    (String) r[1],
                    SnapshotReader.onLoan(placement),
                    placedGpus(placement),
                    FourGpuLocalPool.instant(r[3]),
                    FourGpuLocalPool.instant(r[4])));
        }
        return runs;
    }

    private long succeeded(String experimentId) {
        return runs(experimentId).stream()
                .filter(r -> r.status().equals("SUCCEEDED"))
                .count();
    }

    private static Run only(List<Run> runs) {
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    /** Puts the discovered local pool back, so later test classes (and server starts) discover it again. */
    @AfterEach
    void restoreLocalPool() {
        stopEverythingElse();
        pool.restore();
    }

    private void stopEverythingElse() {
        FourGpuLocalPool.stopEverythingElse(entities, drivers);
    }

    private static String config(int gpus, int trials, double seconds, String limit) {
        return FourGpuLocalPool.config(gpus, 1, trials, seconds) + limit + "\n";
    }
}
