package dev.sibyl.server.pool;

import static dev.sibyl.server.pool.FourGpuLocalPool.GPUS;
import static dev.sibyl.server.pool.FourGpuLocalPool.SLOTS;
import static dev.sibyl.server.pool.FourGpuLocalPool.isDone;
import static dev.sibyl.server.pool.FourGpuLocalPool.placedGpus;
import static dev.sibyl.server.testing.TenantExperiments.trials;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.testing.Api;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lending held GPUs end to end ({@code sibyl.scheduler.lend-held}, ADR 0024), with real trials in the local pool.
 * The local pool cannot discover GPUs on a machine without {@code nvidia-smi}, so the test declares it as a platform
 * admin would ({@code PUT /api/v1/pools/local}, one machine with GPUs 0-3); NNI's {@code trialGpuNumber} is each
 * trial's GPU demand, and the local trainer hands a trial the GPUs the scheduler placed it on as
 * {@code CUDA_VISIBLE_DEVICES}, which the trial script reports back as its final result.
 */
@QuarkusTest
@TestProfile(LendHeldEndToEndTest.Lending.class)
class LendHeldEndToEndTest {
    /**
     * Lending on; the minimum runtime before preemption stays at its default, which must not protect a loan.
     * Fair-share preemption (on by default, ADR 0031) is off: only the reservation's recall may end a loan here.
     */
    public static class Lending implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sibyl.scheduler.lend-held",
                    "true",
                    "sibyl.scheduler.fair-share-preemption",
                    "false",
                    "quarkus.log.category.\"dev.sibyl.server.pool\".level",
                    "DEBUG");
        }
    }

    /** How long the trial draining the machine runs, then the gang trial, then each small trial. */
    private static final double DRAIN_SECONDS = 12;

    private static final double GANG_SECONDS = 2;
    /**
     * Longer than the drain: a loan admitted once the gang trial has reserved the machine would still run when the
     * drain ends, so only a recall can end it then.
     */
    private static final double LOAN_SECONDS = 18;

    @Inject
    ApiTokens tokens;

    @Inject
    EntityManager entities;

    @Inject
    DriverSupervisor drivers;

    @Inject
    PoolScheduler scheduler;

    @Inject
    ObjectMapper json;

    private final FourGpuLocalPool pool = new FourGpuLocalPool();

    /**
     * A machine with four GPUs. Tenant {@code other} runs a 2-GPU trial for 12 s; tenant {@code gang}'s 4-GPU trial
     * reserves the machine while it drains, and {@code other}'s two 1-GPU trials borrow the two held GPUs. When the
     * 2-GPU trial ends, the gang trial preempts both loans (younger than the 5-minute minimum runtime) and starts
     * without waiting for them; they end SYS_CANCELED, are queued again with their parameters and run to the end.
     */
    @Test
    void theProfilesSchedulerSettingsReachTheScheduler() {
        assertThat(scheduler.settings().lendHeld()).isTrue();
        assertThat(scheduler.settings().fairSharePreemption()).isFalse();
    }

    @Test
    void aGangTrialsHeldGpusRunTrialsOnLoanUntilTheMachineDrainsThenItTakesThemBackAndTheLoansRunAgain()
            throws Exception {
        stopEverythingElse();
        pool.declare();
        TestTenant other = TestTenants.create(tokens);
        TestTenant gang = TestTenants.create(tokens);
        String otherToken = other.token(Role.MEMBER);
        String gangToken = gang.token(Role.MEMBER);
        long began = System.nanoTime();
        Watch watch = new Watch();

        String drain = watch.submit(other, otherToken, config(2, 1, DRAIN_SECONDS));
        watch.until(() -> watch.placed(drain) == 1, "the 2-GPU trial holds its GPUs");
        String big = watch.submit(gang, gangToken, config(4, 1, GANG_SECONDS));
        watch.until(
                () -> trials(gang, gangToken, big).stream()
                        .anyMatch(t -> t.get("queue") instanceof Map<?, ?> q
                                && String.valueOf(q.get("reason")).startsWith("first in line: machine localhost")),
                "the 4-GPU trial has reserved the machine");
        String loans = watch.submit(other, otherToken, config(1, 2, LOAN_SECONDS));
        // Loans are only possible while the gang trial holds the machine, so until the drain ends.
        watch.until(
                () -> watch.runningOnLoan(loans) == 2,
                () -> watch.placed(drain) == 0,
                "both 1-GPU trials run on loan before the machine has drained");
        assertThat(watch.placed(big)).as("the gang trial still waits").isZero();
        assertThat(watch.gpusInUse).as("GPUs in use with the loans running").isEqualTo(GPUS.size());

        watch.until(
                () -> isDone(other, otherToken, drain)
                        && isDone(gang, gangToken, big)
                        && isDone(other, otherToken, loans),
                "all three experiments are done");
        double wall = (System.nanoTime() - began) / 1e9;

        Map<String, Run> runs = runs(List.of(drain, big, loans));
        Run drained = only(runs, drain);
        Run gangRun = only(runs, big);
        List<Run> loanRuns =
                runs.values().stream().filter(r -> r.experiment().equals(loans)).toList();
        List<Run> recalled =
                loanRuns.stream().filter(r -> "SYS_CANCELED".equals(r.status())).toList();
        assertThat(drained.status()).isEqualTo("SUCCEEDED");
        assertThat(drained.placement().path("onLoan").asBoolean()).isFalse();
        assertThat(recalled).as("both loans were taken back").hasSize(2);
        for (Run r : recalled) {
            assertThat(r.placement().path("onLoan").asBoolean())
                    .as("%s ran on loan", r)
                    .isTrue();
            assertThat(r.placement().path("preempted").asBoolean()).isTrue();
            assertThat(gpusOf(r))
                    .as("%s borrowed a GPU the drain did not hold", r)
                    .doesNotContainAnyElementsOf(gpusOf(drained));
            assertThat(r.endedAt())
                    .as("%s was taken back once the machine had drained", r)
                    .isAfterOrEqualTo(drained.endedAt());
            assertThat(r.endedAt())
                    .as("%s ended before its own end", r)
                    .isBefore(r.startedAt().plusMillis((long) (LOAN_SECONDS * 1000)));
        }
        assertThat(gangRun.status()).isEqualTo("SUCCEEDED");
        assertThat(gangRun.placement().path("onLoan").asBoolean()).isFalse();
        assertThat(gpusOf(gangRun)).containsExactlyInAnyOrderElementsOf(GPUS);
        assertThat(gangRun.startedAt()).isAfterOrEqualTo(drained.endedAt());
        recalled.forEach(r -> assertThat(gangRun.startedAt()).isAfterOrEqualTo(r.endedAt()));

        List<Map<String, Object>> loanTrials = trials(other, otherToken, loans);
        assertThat(loanTrials).as("two loans and their reruns").hasSize(4);
        for (Run r : recalled) {
            Map<String, Object> first = byId(loanTrials, r.trial());
            assertThat(loanTrials)
                    .as("trial %s queued again with its parameters, and finished", r.trial())
                    .anySatisfy(t -> {
                        assertThat(t.get("requeuedFrom")).isEqualTo(r.trial());
                        assertThat(first.get("message"))
                                .isEqualTo("preempted: it ran on GPUs lent out of a reservation in pool local, and the"
                                        + " trial they were held for needed them; queued again as trial "
                                        + t.get("id"));
                        assertThat(t.get("status")).isEqualTo("SUCCEEDED");
                        assertThat(t.get("parameters")).isEqualTo(first.get("parameters"));
                        assertThat(t.get("parameterId")).isEqualTo(first.get("parameterId"));
                        Run again = runs.get(loans + "/" + t.get("id"));
                        assertThat(again.placement().path("onLoan").asBoolean())
                                .as("the rerun is not on loan")
                                .isFalse();
                        assertThat(again.startedAt()).isAfterOrEqualTo(gangRun.startedAt());
                        assertThat(finalMetric(t)).as("GPUs the rerun saw").isEqualTo(1);
                    });
        }
        assertThat(finalMetric(only(trials(gang, gangToken, big))))
                .as("GPUs the gang trial saw")
                .isEqualTo(4);
        assertThat(finalMetric(only(trials(other, otherToken, drain))))
                .as("GPUs the drain saw")
                .isEqualTo(2);
        assertThat(watch.waitingWithReason)
                .as("waiting trials seen with their reason")
                .isPositive();

        long recallMs = Duration.between(drained.endedAt(), gangRun.startedAt()).toMillis();
        System.out.printf(
                "lending: %d samples, peak %d of %d GPUs, gang trial started %d ms after the drain ended (loans"
                        + " ran %s s before recall), %.1f s wall%n",
                watch.samples,
                watch.peakGpus,
                GPUS.size(),
                recallMs,
                recalled.stream()
                        .map(r -> String.format(
                                "%.1f",
                                Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1e3))
                        .toList(),
                wall);
    }

    /**
     * Samples the pool while the scenario runs: placed trials never share a GPU, use GPUs the machine lacks or more
     * slots than it has, and a trial waiting unplaced for longer than a few scheduling passes shows why it waits.
     */
    private final class Watch {
        /** The scenario's experiments, whose waiting trials must show a reason. */
        final Set<String> experiments = new HashSet<>();
        /** When each waiting, unplaced trial was first seen without a reason. */
        private final Map<String, Long> reasonless = new HashMap<>();

        private Map<String, List<Row>> active = Map.of();
        int samples;
        int gpusInUse;
        int peakGpus;
        int waitingWithReason;

        void until(BooleanSupplier done, String what) throws InterruptedException {
            until(done, () -> false, what);
        }

        /** Samples until {@code done}; fails at once when {@code hopeless} (and after two minutes). */
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

        String submit(TestTenant t, String token, String config) {
            String id = FourGpuLocalPool.submit(t, token, config);
            experiments.add(id);
            return id;
        }

        int placed(String experimentId) {
            return (int) active.getOrDefault(experimentId, List.of()).stream()
                    .filter(r -> r.placement() != null)
                    .count();
        }

        int runningOnLoan(String experimentId) {
            return (int) active.getOrDefault(experimentId, List.of()).stream()
                    .filter(r -> "RUNNING".equals(r.status())
                            && r.placement() != null
                            && r.placement().path("onLoan").asBoolean())
                    .count();
        }

        private void sample() {
            // The API's reasons first: a trial admitted between the two reads then shows up placed, not reasonless.
            List<Map<String, Object>> queue = Api.admin()
                    .get("/api/v1/pools/local/queue")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            Set<String> explained = new HashSet<>();
            for (Map<String, Object> e : queue) {
                assertThat((String) e.get("reason")).as("reason of %s", e).isNotBlank();
                explained.add(e.get("experimentId") + "/" + e.get("trialId"));
            }
            List<Row> rows = rows();
            samples++;
            Map<String, List<Row>> byExperiment = new HashMap<>();
            Set<Integer> taken = new HashSet<>();
            int slots = 0;
            long now = System.nanoTime();
            for (Row r : rows) {
                byExperiment
                        .computeIfAbsent(r.experiment(), k -> new ArrayList<>())
                        .add(r);
                if (r.placement() == null) {
                    if (!experiments.contains(r.experiment())) {
                        continue;
                    }
                    if (explained.contains(r.key())) {
                        waitingWithReason++;
                        reasonless.remove(r.key());
                    } else {
                        long since = reasonless.computeIfAbsent(r.key(), k -> now);
                        assertThat(now - since)
                                .as(
                                        "trial %s has waited without a reason for %d ms",
                                        r.key(), (now - since) / 1_000_000)
                                .isLessThan(Duration.ofSeconds(3).toNanos());
                    }
                    continue;
                }
                reasonless.remove(r.key());
                if (!PoolService.LOCAL.equals(r.placement().path("pool").asText())) {
                    continue;
                }
                slots++;
                for (int g : placedGpus(r.placement())) {
                    assertThat(GPUS).as("GPU %d of %s", g, r.key()).contains(g);
                    assertThat(taken.add(g))
                            .as("GPU %d given twice, in %s", g, rows)
                            .isTrue();
                }
            }
            assertThat(slots)
                    .as("trials placed on the %d-slot machine: %s", SLOTS, rows)
                    .isLessThanOrEqualTo(SLOTS);
            gpusInUse = taken.size();
            peakGpus = Math.max(peakGpus, gpusInUse);
            active = byExperiment;
        }
    }

    /** A trial waiting or in flight, as the scheduler reads it. */
    private record Row(String experiment, String trial, String status, JsonNode placement) {
        String key() {
            return experiment + "/" + trial;
        }
    }

    /** A trial of the scenario once everything has ended. */
    private record Run(
            String experiment, String trial, String status, JsonNode placement, Instant startedAt, Instant endedAt) {}

    private List<Row> rows() {
        List<?> result = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery("select experiment_id, trial_id, status, cast(placement as"
                                + " text) from trials where status in ('WAITING', 'RUNNING') order by created_at")
                        .getResultList());
        List<Row> rows = new ArrayList<>();
        for (Object o : result) {
            Object[] r = (Object[]) o;
            rows.add(new Row((String) r[0], (String) r[1], (String) r[2], FourGpuLocalPool.tree(json, (String) r[3])));
        }
        return rows;
    }

    private Map<String, Run> runs(List<String> experimentIds) {
        List<?> result = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery("select experiment_id, trial_id, status, cast(placement as"
                                + " text), started_at, ended_at from trials where experiment_id in (?1, ?2, ?3)")
                        .setParameter(1, experimentIds.get(0))
                        .setParameter(2, experimentIds.get(1))
                        .setParameter(3, experimentIds.get(2))
                        .getResultList());
        Map<String, Run> runs = new HashMap<>();
        for (Object o : result) {
            Object[] r = (Object[]) o;
            Run run = new Run(
                    (String) r[0],
                    (String) r[1],
                    (String) r[2],
                    FourGpuLocalPool.tree(json, (String) r[3]),
                    FourGpuLocalPool.instant(r[4]),
                    FourGpuLocalPool.instant(r[5]));
            runs.put(run.experiment() + "/" + run.trial(), run);
        }
        return runs;
    }

    private static List<Integer> gpusOf(Run run) {
        return placedGpus(run.placement());
    }

    private static Run only(Map<String, Run> runs, String experimentId) {
        List<Run> of = runs.values().stream()
                .filter(r -> r.experiment().equals(experimentId))
                .toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private static Map<String, Object> only(List<Map<String, Object>> trials) {
        assertThat(trials).hasSize(1);
        return trials.get(0);
    }

    private static Map<String, Object> byId(List<Map<String, Object>> trials, String id) {
        return trials.stream().filter(t -> id.equals(t.get("id"))).findFirst().orElseThrow();
    }

    private static double finalMetric(Map<String, Object> trial) {
        Object metric = trial.get("finalMetric");
        assertThat(metric).as("final metric of %s", trial).isInstanceOf(Number.class);
        return ((Number) metric).doubleValue();
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

    private static String config(int gpus, int trials, double seconds) {
        return FourGpuLocalPool.config(gpus, trials, trials, seconds);
    }
}
