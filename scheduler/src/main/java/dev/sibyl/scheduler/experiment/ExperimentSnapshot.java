package dev.sibyl.scheduler.experiment;

import dev.sibyl.tuner.spi.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The stored state of one experiment, read fresh by the driver at each step.
 *
 * @param execDuration accumulated time spent in an active status (NNI's execDuration)
 * @param trials all trials, ordered by sequence id
 * @param imported results imported with NNI's import-data; they feed the tuner but are not trials
 */
public record ExperimentSnapshot(
        String experimentId,
        ExperimentStatus status,
        Limits limits,
        Duration execDuration,
        List<TrialRecord> trials,
        List<Observation> imported) {
    public ExperimentSnapshot {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(execDuration, "execDuration");
        trials = List.copyOf(trials);
        imported = List.copyOf(imported == null ? List.of() : imported);
    }
}
