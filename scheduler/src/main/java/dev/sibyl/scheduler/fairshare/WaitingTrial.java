package dev.sibyl.scheduler.fairshare;

import java.util.Objects;
import java.util.Set;

/**
 * A trial that asks to run.
 *
 * @param priority the experiment's priority; higher runs first within a tenant
 * @param allowedPools pool names it may run in; empty means any pool its tenant may use
 * @param enqueuedAt in the caller's time unit (the same as {@link Snapshot#now()})
 * @param maxRuntime the longest the trial may run once started (NNI's {@code maxTrialDuration}, which
 *     the trainer enforces by ending the trial there), in the same unit; {@link #UNBOUNDED} when
 *     unknown. Only a bounded trial may backfill GPUs held for a reservation.
 */
public record WaitingTrial(
        String id,
        String tenant,
        String experiment,
        int priority,
        Resources demand,
        Set<String> allowedPools,
        long enqueuedAt,
        long maxRuntime) {
    /** No known runtime bound. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /** A trial whose runtime bound is unknown. */
    public WaitingTrial(
            String id,
            String tenant,
            String experiment,
            int priority,
            Resources demand,
            Set<String> allowedPools,
            long enqueuedAt) {
        this(id, tenant, experiment, priority, demand, allowedPools, enqueuedAt, UNBOUNDED);
    }

    public WaitingTrial {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(demand, "demand");
        allowedPools = Set.copyOf(allowedPools);
        if (demand.slots() < 1) {
            throw new IllegalArgumentException("trial " + id + " must take at least one slot");
        }
        if (maxRuntime <= 0) {
            throw new IllegalArgumentException("trial " + id + " max runtime must be positive");
        }
    }

    public boolean bounded() {
        return maxRuntime != UNBOUNDED;
    }

    /** When the trial ends at the latest if it starts at {@code startedAt}. */
    public long deadlineIfStartedAt(long startedAt) {
        return bounded() && startedAt <= Long.MAX_VALUE - maxRuntime
                ? startedAt + maxRuntime
                : RunningTrial.NO_DEADLINE;
    }

    public boolean mayRunIn(String pool) {
        return allowedPools.isEmpty() || allowedPools.contains(pool);
    }
}
