package dev.sibyl.trainers.core;

import java.util.List;
import java.util.Objects;

/**
 * Where the pool scheduler put a trial: a machine of the pool (its name in the pool, or empty when the pool has
 * one place, such as the local machine or a Kubernetes namespace) and the GPU indices on that machine. A training
 * service given a placement uses it as is instead of choosing GPUs itself.
 *
 * @param machine the machine's name in the pool; empty for single-place pools
 * @param gpuIndices GPU indices on that machine, as {@code nvidia-smi} numbers them; empty for no GPU
 */
public record Placement(String machine, List<Integer> gpuIndices) {
    public Placement {
        Objects.requireNonNull(machine, "machine");
        gpuIndices = List.copyOf(gpuIndices);
        for (int index : gpuIndices) {
            if (index < 0) {
                throw new IllegalArgumentException("GPU indices must not be negative, got " + gpuIndices);
            }
        }
    }
}
