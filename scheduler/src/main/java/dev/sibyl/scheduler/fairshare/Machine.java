package dev.sibyl.scheduler.fairshare;

import java.util.List;
import java.util.Objects;

/**
 * One machine of a pool.
 *
 * @param gpuIndices the device indices of its GPUs; as many as {@code capacity.gpus()}
 */
public record Machine(String id, Resources capacity, List<Integer> gpuIndices) {
    public Machine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capacity, "capacity");
        gpuIndices = List.copyOf(gpuIndices);
        if (gpuIndices.size() != capacity.gpus()) {
            throw new IllegalArgumentException(
                    "machine " + id + " lists " + gpuIndices.size() + " GPU indices for " + capacity.gpus() + " GPUs");
        }
        if (gpuIndices.stream().distinct().count() != gpuIndices.size()) {
            throw new IllegalArgumentException("machine " + id + " repeats a GPU index");
        }
    }

    /** A machine whose GPUs are numbered 0..n-1. */
    public static Machine withGpus(String id, Resources capacity) {
        return new Machine(
                id,
                capacity,
                java.util.stream.IntStream.range(0, capacity.gpus()).boxed().toList());
    }
}
