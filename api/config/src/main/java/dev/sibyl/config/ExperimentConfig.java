package dev.sibyl.config;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated NNI v2 experiment config (v1 configs are converted first), typed. Built by {@link
 * NniConfigParser}; the same information in NNI's JSON form is {@link ParsedConfig#canonical()}.
 *
 * @param experimentName shown in the portal and CLI; null when not given
 * @param searchSpace the parsed search space ({@code {}} gives an empty space)
 * @param searchSpaceJson the search space JSON as written (inline, or loaded from {@code searchSpaceFile})
 * @param trialCommand the top-level trial command; null when only the training services set it (or, for
 *     kubeflow/frameworkcontroller, nowhere)
 * @param trialCodeDirectory as written, relative to the code archive; {@code "."} by default
 * @param trialConcurrency how many trials may run at once; greater than 0
 * @param trialGpuNumber GPUs per trial; null means no GPU scheduling at all
 * @param maxExperimentDuration null when unlimited
 * @param maxTrialNumber null when unlimited
 * @param maxTrialDuration null when unlimited
 * @param tuner the tuner; an advisor written under the deprecated {@code advisor} key lands here
 * @param assessor null when there is none
 * @param trainingService the only training service, or a {@link TrainingServiceConfig#HYBRID} placeholder
 *     when the config lists several
 * @param trainingServices every training service in config order (one element unless hybrid)
 * @param nniManagerIp the address trials use to reach the manager, or null
 * @param debug NNI's debug flag
 * @param logLevel {@code trace}, {@code debug}, {@code info}, {@code warning}, {@code error} or {@code fatal}
 * @param experimentWorkingDirectory as written, or null
 * @param tunerGpuIndices GPUs for the tuner process, or null
 * @param sharedStorage the canonical {@code sharedStorage} mapping, or null
 * @param objectives Sibyl's multi-objective search: two or more metrics with directions, in config order;
 *     empty for NNI's single scalar objective
 */
public record ExperimentConfig(
        String experimentName,
        SearchSpace searchSpace,
        Object searchSpaceJson,
        String trialCommand,
        String trialCodeDirectory,
        int trialConcurrency,
        Integer trialGpuNumber,
        Duration maxExperimentDuration,
        Integer maxTrialNumber,
        Duration maxTrialDuration,
        AlgorithmConfig tuner,
        AlgorithmConfig assessor,
        TrainingServiceConfig trainingService,
        List<TrainingServiceConfig> trainingServices,
        String nniManagerIp,
        boolean debug,
        String logLevel,
        String experimentWorkingDirectory,
        List<Integer> tunerGpuIndices,
        Map<String, Object> sharedStorage,
        List<Objective> objectives) {

    public ExperimentConfig {
        Objects.requireNonNull(searchSpace, "searchSpace");
        Objects.requireNonNull(trialCodeDirectory, "trialCodeDirectory");
        Objects.requireNonNull(tuner, "tuner");
        Objects.requireNonNull(trainingService, "trainingService");
        Objects.requireNonNull(logLevel, "logLevel");
        if (trialConcurrency <= 0) {
            throw new IllegalArgumentException("trialConcurrency must be greater than 0");
        }
        if (trialGpuNumber != null && trialGpuNumber < 0) {
            throw new IllegalArgumentException("trialGpuNumber must not be negative");
        }
        if (maxTrialNumber != null && maxTrialNumber <= 0) {
            throw new IllegalArgumentException("maxTrialNumber must be greater than 0");
        }
        requirePositive(maxExperimentDuration, "maxExperimentDuration");
        requirePositive(maxTrialDuration, "maxTrialDuration");
        trainingServices = List.copyOf(trainingServices);
        if (trainingServices.isEmpty()) {
            throw new IllegalArgumentException("at least one training service is required");
        }
        searchSpaceJson = JsonTree.freeze(searchSpaceJson);
        tunerGpuIndices = tunerGpuIndices == null ? null : List.copyOf(tunerGpuIndices);
        sharedStorage = sharedStorage == null ? null : JsonTree.freezeMap(sharedStorage);
        objectives = List.copyOf(objectives == null ? List.of() : objectives);
        if (objectives.size() == 1) {
            throw new IllegalArgumentException("objectives must be empty or list at least two");
        }
    }

    /** True for a multi-objective search ({@link #objectives} lists two or more metrics). */
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** True when the config lists several training services (NNI's hybrid mode). */
    public boolean hybrid() {
        return TrainingServiceConfig.HYBRID.equals(trainingService.platform());
    }

    private static void requirePositive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
