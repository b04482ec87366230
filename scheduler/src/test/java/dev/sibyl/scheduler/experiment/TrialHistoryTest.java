package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Observation.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialHistoryTest {

    private static TrialRecord trial(long sequence, Long parameterId, TrialStatus status, Double reward) {
        return trial(sequence, parameterId, status, reward, null);
    }

    private static TrialRecord trial(
            long sequence, Long parameterId, TrialStatus status, Double reward, String requeuedFrom) {
        ParameterSource source = parameterId == null ? ParameterSource.CUSTOMIZED : ParameterSource.ALGORITHM;
        return new TrialRecord(
                "T" + sequence + "abc",
                sequence,
                parameterId,
                source,
                Map.of("x", sequence),
                "{}",
                status,
                true,
                null,
                null,
                null,
                0,
                reward,
                List.of(0.1 * sequence),
                requeuedFrom);
    }

    @Test
    void putsImportedDataFirstThenTrialsBySequenceWithTheirOutcomes() {
        Observation imported = Observation.succeeded(0, Map.of("x", -1), 0.3);
        List<TrialRecord> trials = List.of(
                trial(3, 4L, TrialStatus.RUNNING, null),
                trial(0, 1L, TrialStatus.SUCCEEDED, 0.9),
                trial(1, null, TrialStatus.EARLY_STOPPED, 0.2),
                trial(2, 3L, TrialStatus.USER_CANCELED, null),
                trial(4, 5L, TrialStatus.FAILED, null),
                trial(5, 6L, TrialStatus.SYS_CANCELED, null),
                trial(6, 7L, TrialStatus.WAITING, null));
        ExperimentSnapshot snapshot = new ExperimentSnapshot(
                "k3j9x0ab",
                ExperimentStatus.RUNNING,
                new Limits(1, null, null, null),
                Duration.ZERO,
                trials,
                List.of(imported));

        TrialHistory history = TrialHistory.of(snapshot);

        assertThat(history.history().observations())
                .extracting(Observation::parameterId, Observation::outcome, Observation::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, Outcome.SUCCEEDED, 0.3),
                        org.assertj.core.groups.Tuple.tuple(1L, Outcome.SUCCEEDED, 0.9),
                        org.assertj.core.groups.Tuple.tuple(-2L, Outcome.EARLY_STOPPED, 0.2),
                        org.assertj.core.groups.Tuple.tuple(3L, Outcome.FAILED, null),
                        org.assertj.core.groups.Tuple.tuple(4L, Outcome.PENDING, null),
                        org.assertj.core.groups.Tuple.tuple(5L, Outcome.FAILED, null),
                        org.assertj.core.groups.Tuple.tuple(6L, Outcome.FAILED, null),
                        org.assertj.core.groups.Tuple.tuple(7L, Outcome.PENDING, null));
        assertThat(history.observation("T3abc"))
                .hasValue(new Observation(4, Map.of("x", 3L), Outcome.PENDING, null, List.of(0.1 * 3)));
        assertThat(history.observation("nope")).isEmpty();
    }

    @Test
    void aTrialQueuedAgainAfterAPreemptionStandsForTheOneItReplaces() {
        List<TrialRecord> trials = List.of(
                trial(0, 1L, TrialStatus.SUCCEEDED, 0.9),
                trial(1, 2L, TrialStatus.SYS_CANCELED, null),
                trial(2, 3L, TrialStatus.RUNNING, null),
                trial(3, 2L, TrialStatus.SUCCEEDED, 0.4, "T1abc"));
        ExperimentSnapshot snapshot = new ExperimentSnapshot(
                "k3j9x0ab",
                ExperimentStatus.RUNNING,
                new Limits(1, null, null, null),
                Duration.ZERO,
                trials,
                List.of());

        assertThat(TrialHistory.of(snapshot).history().observations())
                .extracting(Observation::parameterId, Observation::outcome, Observation::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, Outcome.SUCCEEDED, 0.9),
                        org.assertj.core.groups.Tuple.tuple(3L, Outcome.PENDING, null),
                        org.assertj.core.groups.Tuple.tuple(2L, Outcome.SUCCEEDED, 0.4));
    }
}
