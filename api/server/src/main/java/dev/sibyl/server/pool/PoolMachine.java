package dev.sibyl.server.pool;

import java.util.List;

/**
 * One machine of a pool as stored and shown: its trial slots, CPUs (in thousandths), memory, and GPUs by device
 * index and type.
 */
public record PoolMachine(
        String id, int slots, long cpuMillis, long memoryMb, List<Integer> gpuIndices, String gpuType) {
    public PoolMachine {
        gpuIndices = gpuIndices == null ? List.of() : List.copyOf(gpuIndices);
        gpuType = gpuType == null ? "" : gpuType;
    }
}
