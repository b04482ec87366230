package dev.sibyl.scheduler.fairshare;

import java.util.List;
import java.util.Objects;

/**
 * A trial holding resources on a machine.
 *
 * @param progress fraction done in [0, 1]; 0 when unknown
 * @param deadline when the trial ends at the latest (its start plus its runtime bound, enforced by the
 *     trainer); {@link #NO_DEADLINE} when unknown
 */
public record RunningTrial(
        String id,
        String tenant,
        String experiment,
        String pool,
        String machine,
        List<Integer> gpuIndices,
        Resources demand,
        long startedAt,
        double progress,
        long deadline) {
    /** No known end. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A trial whose end is unknown. */
    public RunningTrial(
            String id,
            String tenant,
            String experiment,
            String pool,
            String machine,
            List<Integer> gpuIndices,
            Resources demand,
            long startedAt,
            double progress) {
        this(id, tenant, experiment, pool, machine, gpuIndices, demand, startedAt, progress, NO_DEADLINE);
    }

    public RunningTrial {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(demand, "demand");
        gpuIndices = List.copyOf(gpuIndices);
        if (gpuIndices.size() != demand.gpus()) {
            throw new IllegalArgumentException(
                    "trial " + id + " holds " + gpuIndices.size() + " GPUs but asked for " + demand.gpus());
        }
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("trial " + id + " progress must be in [0, 1], not " + progress);
        }
    }
}
