package dev.sibyl.scheduler.experiment;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The parts of an experiment that do not change while it runs.
 *
 * @param codeDirectory the unpacked trial code, copied per trial by the training service
 * @param trialGpuNumber NNI's trialGpuNumber; null = no GPU scheduling
 */
public record ExperimentPlan(String experimentId, String trialCommand, Path codeDirectory, Integer trialGpuNumber) {
    public ExperimentPlan {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(trialCommand, "trialCommand");
        Objects.requireNonNull(codeDirectory, "codeDirectory");
    }
}
