package dev.sibyl.server.experiment;

import java.time.Instant;
import java.util.Map;

/**
 * An experiment as the API shows it (docs/api.md, {@code Experiment}).
 *
 * @param config the canonical NNI v2 config as submitted, search space inlined
 * @param searchSpace the current search space (differs from {@code config.searchSpace} after a PATCH)
 * @param maxExperimentDuration seconds, or null when unlimited
 * @param maxTrialDuration seconds, or null when unlimited
 * @param trialCounts trials by NNI status, every status present
 * @param bestTrial the succeeded trial with the best final reward for {@code optimizeMode}, or null
 */
public record ExperimentView(
        String id,
        String name,
        String status,
        String message,
        Map<String, Object> config,
        Object searchSpace,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        long execDurationSeconds,
        int trialConcurrency,
        Integer maxTrialNumber,
        Long maxExperimentDuration,
        Long maxTrialDuration,
        String optimizeMode,
        Map<String, Long> trialCounts,
        BestTrial bestTrial) {

    /** The best trial so far: its id and scalar final reward. */
    public record BestTrial(String id, double value) {}
}
