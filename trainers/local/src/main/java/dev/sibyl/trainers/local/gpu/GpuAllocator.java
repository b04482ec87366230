package dev.sibyl.trainers.local.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks GPUs for one trial: a pure decision over a snapshot of the pool.
 *
 * <ol>
 *   <li>Keep GPUs with a free trial slot ({@code trials < maxTrialsPerGpu}) that are not busy with other work,
 *       unless busy GPUs are allowed ({@code useActiveGpu}).
 *   <li>Prefer the least loaded: fewer of our trials, then not busy, then less memory used, then lower
 *       utilisation, then lower index (as NNI's local scheduler orders them).
 *   <li>Take the first {@code count}; none when fewer fit. The answer is sorted by index.
 * </ol>
 */
public final class GpuAllocator {
    /**
     * One GPU of the pool as the allocator sees it.
     *
     * @param trials trials of this service currently holding the GPU
     * @param busy whether processes other than this service's trials use it
     */
    public record Slot(int index, int trials, boolean busy, long memoryUsedMiB, int utilizationPercent) {}

    private static final Comparator<Slot> LEAST_LOADED = Comparator.comparingInt(Slot::trials)
            .thenComparing(Slot::busy)
            .thenComparingLong(Slot::memoryUsedMiB)
            .thenComparingInt(Slot::utilizationPercent)
            .thenComparingInt(Slot::index);

    private GpuAllocator() {}

    public static Optional<List<Integer>> choose(
            int count, List<Slot> pool, int maxTrialsPerGpu, boolean useActiveGpu) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        List<Slot> candidates = new ArrayList<>();
        for (Slot slot : pool) {
            if (slot.trials() < maxTrialsPerGpu && (useActiveGpu || !slot.busy())) {
                candidates.add(slot);
            }
        }
        if (candidates.size() < count) {
            return Optional.empty();
        }
        candidates.sort(LEAST_LOADED);
        List<Integer> chosen = new ArrayList<>();
        for (Slot slot : candidates.subList(0, count)) {
            chosen.add(slot.index());
        }
        chosen.sort(Comparator.naturalOrder());
        return Optional.of(List.copyOf(chosen));
    }
}
