package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fake store must behave like the real one, or the driver tests prove nothing. */
class InMemoryExperimentStoreTest {
    private final InMemoryExperimentStore store =
            new InMemoryExperimentStore("k3j9x0ab", new Limits(2, null, null, null), new Random(3));

    @Test
    void allocatesIdsAndWritesNniParameterRecords() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("lr", 0.0043);
        parameters.put("optimizer", "Adam");
        TrialRecord algorithm = store.createTrial(parameters, ParameterSource.ALGORITHM);
        TrialRecord customized = store.createTrial(Map.of("lr", 0.1), ParameterSource.CUSTOMIZED);
        TrialRecord next = store.createTrial(Map.of("lr", 0.2), ParameterSource.ALGORITHM);

        assertThat(algorithm.parameterRecord())
                .isEqualTo("{\"parameter_id\": 0, \"parameter_source\": \"algorithm\","
                        + " \"parameters\": {\"lr\": 0.0043, \"optimizer\": \"Adam\"}, \"parameter_index\": 0}");
        assertThat(customized.parameterRecord())
                .isEqualTo("{\"parameter_id\": null, \"parameter_source\": \"customized\","
                        + " \"parameters\": {\"lr\": 0.1}, \"parameter_index\": 0}");
        assertThat(List.of(algorithm, customized, next))
                .extracting(TrialRecord::sequenceId, TrialRecord::parameterId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(1L, null),
                        org.assertj.core.groups.Tuple.tuple(2L, 1L));
        assertThat(List.of(algorithm, customized, next))
                .extracting(TrialRecord::trialId)
                .allMatch(id -> id.matches("[A-Za-z][A-Za-z0-9]{4}"))
                .doesNotHaveDuplicates();
        assertThat(algorithm.status()).isEqualTo(TrialStatus.WAITING);
        assertThat(algorithm.submitted()).isFalse();
    }

    @Test
    void turnsMetricPayloadsIntoRewardsInSequenceOrder() {
        String id = store.createTrial(Map.of("x", 1), ParameterSource.ALGORITHM).trialId();

        store.appendFileMetrics(
                id,
                List.of(
                        metric(id, "PERIODICAL", 1, "{\"default\": 0.5, \"loss\": 1.2}"),
                        metric(id, "PERIODICAL", 0, "0.25")),
                180);
        store.reportMetric(id, metric(id, "FINAL", 0, "0.75"));

        TrialRecord trial = store.trial(id);
        assertThat(trial.intermediateRewards()).containsExactly(0.25, 0.5);
        assertThat(trial.finalReward()).isEqualTo(0.75);
        assertThat(trial.metricOffset()).isEqualTo(180);
        assertThatThrownBy(() -> store.appendFileMetrics(id, List.of(), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToChangeATrialThatHasEnded() {
        String id = store.createTrial(Map.of("x", 1), ParameterSource.ALGORITHM).trialId();
        store.markFinished(id, TrialStatus.FAILED, Instant.EPOCH, "rejected");

        assertThatThrownBy(() -> store.markRunning(id, Instant.EPOCH)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.markFinished(id, TrialStatus.SUCCEEDED, Instant.EPOCH, null))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.requestCancel(id, TrialStatus.USER_CANCELED))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFirstReasonToStopATrialIsTheOneItEndsWith() {
        String id = store.createTrial(Map.of("x", 1), ParameterSource.ALGORITHM).trialId();

        store.requestCancel(id, TrialStatus.EARLY_STOPPED);
        store.requestCancel(id, TrialStatus.USER_CANCELED);

        assertThat(store.trial(id).cancelAs()).isEqualTo(TrialStatus.EARLY_STOPPED);
    }

    private static String metric(String trialId, String type, int sequence, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameter_id", 0);
        m.put("trial_job_id", trialId);
        m.put("type", type);
        m.put("sequence", sequence);
        m.put("value", value);
        return Json.write(m);
    }
}
