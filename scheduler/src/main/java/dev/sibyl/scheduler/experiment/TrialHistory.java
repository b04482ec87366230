package dev.sibyl.scheduler.experiment;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link History} the experiment's algorithms see, built from stored state only. Because nothing else goes
 * into it, a driver rebuilt after a crash hands its freshly created tuner exactly the history the live driver
 * would have handed the old one (NNI rebuilds tuners by replay on resume as well).
 *
 * <p>Order: imported observations first, as stored (they are prior knowledge, NNI feeds them before anything
 * else on resume), then every trial by sequence id. Algorithm trials get their sequence id and parameter id
 * from the same allocation, so for them this is parameter-id order.
 *
 * <p>Mapping of a trial: WAITING and RUNNING (and UNKNOWN) are {@code PENDING}; SUCCEEDED, FAILED and
 * EARLY_STOPPED keep their meaning; USER_CANCELED and SYS_CANCELED are {@code FAILED} (NNI ends them with
 * {@code trial_end(success=False)}). The value is the stored scalar final reward whatever the status, the
 * intermediate values are the stored scalar intermediate rewards. Customized trials have no parameter id (NNI
 * sends {@code null}); they are observed under {@code -(sequenceId + 1)}, a negative id no algorithm trial can
 * have, stable across restarts. A trial the pool preempted and queued again is left out: its replacement, with
 * the same parameters and parameter id, stands for it (the preemption says nothing about the parameters).
 */
public final class TrialHistory {
    private final History history;
    private final Map<String, Observation> byTrial;

    private TrialHistory(History history, Map<String, Observation> byTrial) {
        this.history = history;
        this.byTrial = byTrial;
    }

    public static TrialHistory of(ExperimentSnapshot snapshot) {
        List<Observation> observations = new ArrayList<>(snapshot.imported());
        Map<String, Observation> byTrial = new HashMap<>();
        List<TrialRecord> trials = new ArrayList<>(snapshot.trials());
        trials.sort(Comparator.comparingLong(TrialRecord::sequenceId));
        java.util.Set<String> superseded = new java.util.HashSet<>();
        trials.stream()
                .map(TrialRecord::requeuedFrom)
                .filter(java.util.Objects::nonNull)
                .forEach(superseded::add);
        for (TrialRecord trial : trials) {
            if (superseded.contains(trial.trialId())) {
                continue; // preempted by the pool and queued again: its replacement carries its parameter id
            }
            Observation observation = observe(trial);
            observations.add(observation);
            byTrial.put(trial.trialId(), observation);
        }
        return new TrialHistory(new History(observations), byTrial);
    }

    /** One trial as the algorithms see it. */
    public static Observation observe(TrialRecord trial) {
        if (trial.finalValues() != null) {
            // several objectives: the first stands in for the scalar value, as the SPI documents
            return new Observation(
                    observedParameterId(trial),
                    trial.parameters(),
                    outcome(trial.status()),
                    trial.finalValues().get(0),
                    trial.intermediateRewards(),
                    trial.finalValues());
        }
        return new Observation(
                observedParameterId(trial),
                trial.parameters(),
                outcome(trial.status()),
                trial.finalReward(),
                trial.intermediateRewards());
    }

    /** The parameter id a trial is observed under (see the class comment for customized trials). */
    public static long observedParameterId(TrialRecord trial) {
        return trial.parameterId() != null ? trial.parameterId() : -(trial.sequenceId() + 1);
    }

    public static Observation.Outcome outcome(TrialStatus status) {
        switch (status) {
            case SUCCEEDED:
                return Observation.Outcome.SUCCEEDED;
            case EARLY_STOPPED:
                return Observation.Outcome.EARLY_STOPPED;
            case FAILED:
            case USER_CANCELED:
            case SYS_CANCELED:
                return Observation.Outcome.FAILED;
            default:
                return Observation.Outcome.PENDING;
        }
    }

    public History history() {
        return history;
    }

    /** The observation of a trial of the snapshot this history was built from. */
    public Optional<Observation> observation(String trialId) {
        return Optional.ofNullable(byTrial.get(trialId));
    }
}
