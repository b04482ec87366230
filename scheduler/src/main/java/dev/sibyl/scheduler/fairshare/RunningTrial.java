package dev.sibyl.scheduler.fairshare;

import java.util.List;
import java.util.Objects;

/**
 * A trial holding resources on a machine.
 *
 * @param progress fraction done in [0, 1]; 0 when unknown
 * @param deadline when the trial ends at the latest (its start plus its runtime bound, enforced by the
 *     trainer); {@link #NO_DEADLINE} when unknown
 * @param onLoan admitted onto resources held for another trial's reservation without a bound that ends
 *     before the reservation's start ({@link Settings#lendHeld()}): the reservation may take them back by
 *     preempting it at any time, whatever its runtime
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
        long deadline,
        boolean onLoan) {
    /** No known end. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A trial on resources of its own (not on loan). */
    public RunningTrial(
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
        this(id, tenant, experiment, pool, machine, gpuIndices, demand, startedAt, progress, deadline, false);
    }

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
        this(id, tenant, experiment, pool, machine, gpuIndices, demand, startedAt, progress, NO_DEADLINE, false);
    }

    /** This trial as it is {@code progress} done. */
    public RunningTrial withProgress(double progress) {
        return new RunningTrial(
                id, tenant, experiment, pool, machine, gpuIndices, demand, startedAt, progress, deadline, onLoan);
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
