package dev.sibyl.scheduler.fairshare;

import java.util.Objects;
import java.util.Set;

/**
 * A trial that asks to run.
 *
 * @param priority the experiment's priority; higher runs first within a tenant
 * @param allowedPools pool names it may run in; empty means any pool its tenant may use
 * @param enqueuedAt in the caller's time unit (the same as {@link Snapshot#now()})
 */
public record WaitingTrial(
        String id,
        String tenant,
        String experiment,
        int priority,
        Resources demand,
        Set<String> allowedPools,
        long enqueuedAt) {
    public WaitingTrial {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(demand, "demand");
        allowedPools = Set.copyOf(allowedPools);
        if (demand.slots() < 1) {
            throw new IllegalArgumentException("trial " + id + " must take at least one slot");
        }
    }

    public boolean mayRunIn(String pool) {
        return allowedPools.isEmpty() || allowedPools.contains(pool);
    }
}
