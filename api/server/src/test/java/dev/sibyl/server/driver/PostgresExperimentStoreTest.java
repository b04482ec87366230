package dev.sibyl.server.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.scheduler.experiment.ExperimentSnapshot;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.experiment.ParameterSource;
import dev.sibyl.scheduler.experiment.TrialBudgetExhaustedException;
import dev.sibyl.scheduler.experiment.TrialRecord;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.metric.MetricEntity;
import dev.sibyl.server.testing.StoredExperiments;
import dev.sibyl.server.trial.TrialEntity;
import dev.sibyl.tuner.spi.Observation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PostgresExperimentStoreTest {
    @Inject
    DriverSupervisor supervisor;

    @Inject
    EntityManager entities;

    private PostgresExperimentStore newStore() {
        return supervisor.store(StoredExperiments.insert("STOPPED", "true", 1, null));
    }

    private static String metric(String trial, String type, int sequence, String value) {
        return "{\"parameter_id\": 0, \"trial_job_id\": \"" + trial + "\", \"type\": \"" + type + "\", \"sequence\": "
                + sequence + ", \"value\": \"" + value.replace("\"", "\\\"") + "\"}";
    }

    @Test
    void createTrialAllocatesIdsAndWritesNnisParameterRecord() {
        PostgresExperimentStore store = newStore();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("x", 0.0043);
        parameters.put("units", 64);
        TrialRecord first = store.createTrial(parameters, ParameterSource.ALGORITHM);
        TrialRecord custom = store.createTrial(Map.of("x", 0.5), ParameterSource.CUSTOMIZED);
        TrialRecord second = store.createTrial(Map.of("x", 1e-05), ParameterSource.ALGORITHM);

        assertThat(first.trialId()).matches("[A-Za-z][A-Za-z0-9]{4}");
        assertThat(List.of(first.sequenceId(), custom.sequenceId(), second.sequenceId()))
                .containsExactly(0L, 1L, 2L);
        assertThat(first.parameterId()).isEqualTo(0L);
        assertThat(custom.parameterId()).isNull();
        assertThat(second.parameterId()).isEqualTo(1L);
        assertThat(first.parameterRecord())
                .isEqualTo("{\"parameter_id\": 0, \"parameter_source\": \"algorithm\", \"parameters\": {\"x\": 0.0043,"
                        + " \"units\": 64}, \"parameter_index\": 0}");
        assertThat(custom.parameterRecord())
                .isEqualTo(
                        "{\"parameter_id\": null, \"parameter_source\": \"customized\", \"parameters\": {\"x\": 0.5},"
                                + " \"parameter_index\": 0}");
        assertThat(second.parameterRecord()).contains("{\"x\": 1e-05}");
        assertThat(first.status()).isEqualTo(TrialStatus.WAITING);

        TrialEntity row = QuarkusTransaction.requiringNew()
                .call(() -> TrialEntity.<TrialEntity>find(
                                "experimentId = ?1 and trialId = ?2", store.experimentId(), first.trialId())
                        .firstResult());
        assertThat(row.parameterRecord).isEqualTo(first.parameterRecord());
        assertThat(row.parameterSource).isEqualTo("algorithm");
        assertThat(row.tenantId).isEqualTo(store.tenantId());
        ExperimentEntity experiment =
                QuarkusTransaction.requiringNew().call(() -> ExperimentEntity.findById(store.experimentId()));
        assertThat(experiment.nextSequenceId).isEqualTo(3);
        assertThat(experiment.nextParameterId).isEqualTo(2);

        ExperimentSnapshot snapshot = store.load();
        assertThat(snapshot.trials())
                .extracting(TrialRecord::trialId)
                .containsExactly(first.trialId(), custom.trialId(), second.trialId());
        assertThat(snapshot.trials().get(0).parameters())
                .containsExactly(Map.entry("x", 0.0043), Map.entry("units", 64));
        assertThat(snapshot.trials().get(1).source()).isEqualTo(ParameterSource.CUSTOMIZED);
    }

    @Test
    void concurrentCreatorsGetDistinctTrialAndSequenceIds() throws Exception {
        PostgresExperimentStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<TrialRecord>> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double x = i / 100.0;
            futures.add(pool.submit(() -> store.createTrial(Map.of("x", x), ParameterSource.ALGORITHM)));
        }
        Set<String> ids = new HashSet<>();
        Set<Long> sequences = new HashSet<>();
        Set<Long> parameterIds = new HashSet<>();
        for (Future<TrialRecord> f : futures) {
            TrialRecord t = f.get();
            ids.add(t.trialId());
            sequences.add(t.sequenceId());
            parameterIds.add(t.parameterId());
        }
        pool.shutdown();
        assertThat(ids).hasSize(60);
        assertThat(Collections.max(sequences)).isEqualTo(59L);
        assertThat(sequences).hasSize(60);
        assertThat(parameterIds).hasSize(60);
    }

    @Test
    void concurrentCreatorsNeverStoreMoreThanMaxTrialNumberTrials() throws Exception {
        PostgresExperimentStore store = supervisor.store(StoredExperiments.insert("STOPPED", "true", 1, 7));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<TrialRecord>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ParameterSource source = i % 2 == 0 ? ParameterSource.ALGORITHM : ParameterSource.CUSTOMIZED;
            futures.add(pool.submit(() -> store.createTrial(Map.of("x", 0.5), source)));
        }
        int created = 0;
        int refused = 0;
        for (Future<TrialRecord> f : futures) {
            try {
                f.get();
                created++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TrialBudgetExhaustedException.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(7);
        assertThat(refused).isEqualTo(13);
        assertThat(store.load().trials()).hasSize(7);
    }

    @Test
    void fileMetricsAreStoredWithTheirOffsetInOneGoSkippingMalformedRecords() {
        PostgresExperimentStore store = newStore();
        String trial =
                store.createTrial(Map.of("x", 0.1), ParameterSource.ALGORITHM).trialId();
        store.appendFileMetrics(
                trial,
                List.of(
                        metric(trial, "PERIODICAL", 0, "0.5"),
                        "{not json",
                        metric("Other", "PERIODICAL", 1, "0.7"),
                        metric(trial, "PERIODICAL", 1, "{\"default\": 0.6, \"loss\": 2}"),
                        metric(trial, "FINAL", 0, "{\"default\": 0.9, \"acc\": 1}")),
                300);
        TrialRecord stored = store.load().trials().get(0);
        assertThat(stored.metricOffset()).isEqualTo(300);
        assertThat(stored.finalReward()).isEqualTo(0.9);
        assertThat(stored.intermediateRewards()).containsExactly(0.5, 0.6);
        long rows = QuarkusTransaction.requiringNew()
                .call(() -> MetricEntity.count("experimentId = ?1 and trialId = ?2", store.experimentId(), trial));
        assertThat(rows).isEqualTo(3);

        // The same records again (a re-read file) are stored once; an offset going back is refused.
        store.appendFileMetrics(trial, List.of(metric(trial, "PERIODICAL", 0, "0.5")), 300);
        assertThat(QuarkusTransaction.requiringNew()
                        .call(() -> MetricEntity.count("experimentId", store.experimentId())))
                .isEqualTo(3);
        assertThatThrownBy(() -> store.appendFileMetrics(trial, List.of(), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trialTransitionsFollowTheLifecycleAndIgnoreEndedTrials() {
        PostgresExperimentStore store = newStore();
        String trial =
                store.createTrial(Map.of("x", 0.1), ParameterSource.ALGORITHM).trialId();
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.markSubmitted(trial);
        store.markRunning(trial, started);
        store.requestCancel(trial, TrialStatus.EARLY_STOPPED);
        store.requestCancel(trial, TrialStatus.USER_CANCELED);
        TrialRecord running = store.load().trials().get(0);
        assertThat(running.submitted()).isTrue();
        assertThat(running.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(started);
        assertThat(running.cancelAs()).isEqualTo(TrialStatus.EARLY_STOPPED);

        store.markFinished(trial, TrialStatus.EARLY_STOPPED, started.plusSeconds(5), "assessor");
        store.markFinished(trial, TrialStatus.FAILED, started.plusSeconds(9), "late");
        store.markRunning(trial, started.plusSeconds(10));
        TrialRecord ended = store.load().trials().get(0);
        assertThat(ended.status()).isEqualTo(TrialStatus.EARLY_STOPPED);
        assertThat(ended.endedAt()).isEqualTo(started.plusSeconds(5));

        assertThatThrownBy(() -> store.markSubmitted("Nope1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.markFinished(trial, TrialStatus.RUNNING, started, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusEndTimeAndExecutionTimeAreStored() {
        PostgresExperimentStore store = newStore();
        store.setStatus(ExperimentStatus.RUNNING, null);
        store.addExecDuration(Duration.ofMillis(1500));
        store.addExecDuration(Duration.ofMillis(700));
        ExperimentSnapshot running = store.load();
        assertThat(running.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(running.execDuration()).isEqualTo(Duration.ofMillis(2200));
        assertThat(running.limits().trialConcurrency()).isEqualTo(1);

        store.setStatus(ExperimentStatus.ERROR, "the tuner failed");
        ExperimentEntity failed =
                QuarkusTransaction.requiringNew().call(() -> ExperimentEntity.findById(store.experimentId()));
        assertThat(failed.status).isEqualTo("ERROR");
        assertThat(failed.message).isEqualTo("the tuner failed");
        assertThat(failed.endedAt).isNotNull();
        store.setStatus(ExperimentStatus.RUNNING, null);
        ExperimentEntity again =
                QuarkusTransaction.requiringNew().call(() -> ExperimentEntity.findById(store.experimentId()));
        assertThat(again.endedAt).isNull();
        assertThat(again.message).isNull();
    }

    @Test
    void importedResultsTakeParameterIdsFromTheExperimentCounter() {
        PostgresExperimentStore store = newStore();
        store.createTrial(Map.of("x", 0.1), ParameterSource.ALGORITHM);
        int imported = store.importResults(List.of(
                new PostgresExperimentStore.ImportedResult(Map.of("x", 0.2), "0.8", 0.8),
                new PostgresExperimentStore.ImportedResult(Map.of("x", 0.3), "{\"acc\": 1}", null)));
        assertThat(imported).isEqualTo(2);
        TrialRecord next = store.createTrial(Map.of("x", 0.4), ParameterSource.ALGORITHM);
        assertThat(next.parameterId()).isEqualTo(3L);
        List<Observation> observations = store.load().imported();
        assertThat(observations).extracting(Observation::parameterId).containsExactly(1L, 2L);
        assertThat(observations.get(0).value()).isEqualTo(0.8);
        assertThat(observations.get(0).outcome()).isEqualTo(Observation.Outcome.SUCCEEDED);
        assertThat(observations.get(1).hasValue()).isFalse();
        assertThat(observations.get(0).parameters()).containsEntry("x", 0.2);
    }

    /**
     * The pool scheduler marks a trial it preempts in its placement; when the trial ends SYS_CANCELED the store
     * queues it again in the same transaction, so the driver never sees an experiment with nothing in flight between
     * the end and the rerun (it would be DONE, and the rerun never scheduled).
     */
    @Test
    void aPreemptedTrialIsQueuedAgainAsItEndsOnceAndNotOnceItsExperimentStops() {
        PostgresExperimentStore store = newStore();
        store.setStatus(ExperimentStatus.NO_MORE_TRIAL, "maxTrialNumber (4) reached");
        TrialRecord preempted = store.createTrial(Map.of("x", 0.25), ParameterSource.ALGORITHM);
        String lost =
                store.createTrial(Map.of("x", 0.5), ParameterSource.ALGORITHM).trialId();
        String expired =
                store.createTrial(Map.of("x", 0.75), ParameterSource.ALGORITHM).trialId();
        String stopped =
                store.createTrial(Map.of("x", 1.0), ParameterSource.ALGORITHM).trialId();
        for (String t : List.of(preempted.trialId(), lost, stopped)) {
            markPreempted(store, t);
        }
        Instant now = Instant.now();

        store.markFinished(preempted.trialId(), TrialStatus.SYS_CANCELED, now, null);
        List<TrialRecord> reruns = rerunsOf(store, preempted.trialId());
        assertThat(reruns).singleElement().satisfies(again -> {
            assertThat(again.status()).isEqualTo(TrialStatus.WAITING);
            assertThat(again.parameters()).isEqualTo(preempted.parameters());
            assertThat(again.parameterId()).isEqualTo(preempted.parameterId());
        });
        store.markFinished(preempted.trialId(), TrialStatus.SYS_CANCELED, now, null);
        assertThat(rerunsOf(store, preempted.trialId())).as("ending it again").hasSize(1);

        // The driver queues a lost trial itself before ending it: one rerun, not two.
        store.requeue(lost);
        store.markFinished(lost, TrialStatus.SYS_CANCELED, now, "lost: machine m0 is unhealthy");
        assertThat(rerunsOf(store, lost)).hasSize(1);

        store.markFinished(expired, TrialStatus.SYS_CANCELED, now, "maxExperimentDuration reached");
        assertThat(rerunsOf(store, expired)).as("not preempted").isEmpty();

        store.setStatus(ExperimentStatus.STOPPING, null);
        store.markFinished(stopped, TrialStatus.SYS_CANCELED, now, null);
        assertThat(rerunsOf(store, stopped))
                .as("preempted, then its experiment stopped")
                .isEmpty();
        store.setStatus(ExperimentStatus.STOPPED, null);
    }

    private void markPreempted(PostgresExperimentStore store, String trialId) {
        QuarkusTransaction.requiringNew()
                .run(() -> entities.createNativeQuery("update trials set placement = cast(?1 as jsonb)"
                                + " where experiment_id = ?2 and trial_id = ?3")
                        .setParameter(
                                1, "{\"pool\": \"local\", \"machine\": \"m0\", \"gpus\": [], \"preempted\": true}")
                        .setParameter(2, store.experimentId())
                        .setParameter(3, trialId)
                        .executeUpdate());
    }

    private static List<TrialRecord> rerunsOf(PostgresExperimentStore store, String trialId) {
        return store.load().trials().stream()
                .filter(t -> trialId.equals(t.requeuedFrom()))
                .toList();
    }
}
