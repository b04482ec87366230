package dev.sibyl.trainers.local.gpu;

import java.util.List;
import java.util.Objects;

/**
 * One GPU as {@code nvidia-smi} reports it.
 *
 * @param index the CUDA index used in {@code CUDA_VISIBLE_DEVICES}
 * @param uuid the GPU's UUID (links compute processes to the GPU)
 * @param utilizationPercent core utilisation, or -1 when not reported
 * @param memoryUsedMiB used memory, or -1 when not reported
 * @param processIds pids of the compute processes running on it
 */
public record GpuStatus(int index, String uuid, int utilizationPercent, long memoryUsedMiB, List<Long> processIds) {
    public GpuStatus {
        if (index < 0) {
            throw new IllegalArgumentException("GPU index must not be negative, got " + index);
        }
        Objects.requireNonNull(uuid, "uuid");
        processIds = List.copyOf(processIds);
    }
}
