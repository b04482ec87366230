package dev.sibyl.scheduler.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stored trial, as the driver sees it.
 *
 * @param parameterId NNI parameter id; null for customized trials (NNI sends {@code null} for them)
 * @param parameterRecord the ParameterRecord JSON text written to {@code parameter.cfg}
 * @param submitted whether the trial has been handed to the training service
 * @param cancelAs when a stop was requested (by a user, the assessor, a duration limit), the final status
 *     the trial takes once it has ended; null otherwise
 * @param metricOffset bytes of the file channel already stored
 * @param finalReward scalar reward of the FINAL metric, when reported and scalar
 * @param intermediateRewards scalar rewards of PERIODICAL metrics in sequence order
 * @param requeuedFrom the trial this one replaces after the pool preempted it (same parameters and parameter id);
 *     null for every other trial. Such trials do not count against maxTrialNumber.
 * @param finalValues the FINAL metric's values for a multi-objective search, in objective order; null when the
 *     search has one objective or the trial reported none
 */
public record TrialRecord(
        String trialId,
        long sequenceId,
        Long parameterId,
        ParameterSource source,
        Map<String, Object> parameters,
        String parameterRecord,
        TrialStatus status,
        boolean submitted,
        TrialStatus cancelAs,
        Instant startedAt,
        Instant endedAt,
        long metricOffset,
        Double finalReward,
        List<Double> intermediateRewards,
        String requeuedFrom,
        List<Double> finalValues) {
    public TrialRecord {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(parameterRecord, "parameterRecord");
        Objects.requireNonNull(status, "status");
        intermediateRewards = List.copyOf(intermediateRewards == null ? List.of() : intermediateRewards);
        finalValues = finalValues == null ? null : List.copyOf(finalValues);
    }

    /** A trial of a single-objective search. */
    public TrialRecord(
            String trialId,
            long sequenceId,
            Long parameterId,
            ParameterSource source,
            Map<String, Object> parameters,
            String parameterRecord,
            TrialStatus status,
            boolean submitted,
            TrialStatus cancelAs,
            Instant startedAt,
            Instant endedAt,
            long metricOffset,
            Double finalReward,
            List<Double> intermediateRewards,
            String requeuedFrom) {
        this(
                trialId,
                sequenceId,
                parameterId,
                source,
                parameters,
                parameterRecord,
                status,
                submitted,
                cancelAs,
                startedAt,
                endedAt,
                metricOffset,
                finalReward,
                intermediateRewards,
                requeuedFrom,
                null);
    }

    /** Waiting or running: occupies a concurrency slot once submitted. */
    public boolean active() {
        return status == TrialStatus.WAITING || status == TrialStatus.RUNNING;
    }
}
