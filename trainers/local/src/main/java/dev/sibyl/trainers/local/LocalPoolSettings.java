package dev.sibyl.trainers.local;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How the local pool (the server's own machine) hands out GPUs and stops trials; NNI's {@code platform: local}
 * settings.
 *
 * @param gpuIndices GPUs trials may use ({@code gpuIndices}); {@code null} means every GPU {@code nvidia-smi}
 *     reports
 * @param maxTrialNumberPerGpu how many trials may share one GPU ({@code maxTrialNumberPerGpu}), at least 1
 * @param useActiveGpu whether GPUs running processes that are not this experiment's trials may be used
 * @param cancelGracePeriod time between the graceful signal (SIGTERM) and SIGKILL when a trial is cancelled
 */
public record LocalPoolSettings(
        List<Integer> gpuIndices, int maxTrialNumberPerGpu, boolean useActiveGpu, Duration cancelGracePeriod) {
    public LocalPoolSettings {
        if (gpuIndices != null) {
            gpuIndices = List.copyOf(gpuIndices);
            for (int index : gpuIndices) {
                if (index < 0) {
                    throw new IllegalArgumentException("gpuIndices: " + index + " is negative");
                }
            }
            if (new HashSet<>(gpuIndices).size() != gpuIndices.size()) {
                throw new IllegalArgumentException("gpuIndices: " + gpuIndices + " repeats an index");
            }
        }
        if (maxTrialNumberPerGpu < 1) {
            throw new IllegalArgumentException("maxTrialNumberPerGpu must be at least 1, got " + maxTrialNumberPerGpu);
        }
        Objects.requireNonNull(cancelGracePeriod, "cancelGracePeriod");
        if (cancelGracePeriod.isNegative()) {
            throw new IllegalArgumentException("cancelGracePeriod must not be negative, got " + cancelGracePeriod);
        }
    }

    /** NNI's defaults: every GPU, one trial per GPU, busy GPUs skipped, 5 s between SIGTERM and SIGKILL. */
    public static LocalPoolSettings defaults() {
        return new LocalPoolSettings(null, 1, false, Duration.ofSeconds(5));
    }
}
