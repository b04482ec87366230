package dev.sibyl.scheduler.fairshare;

import java.util.List;
import java.util.Objects;

/**
 * Everything one scheduling pass looks at, frozen. {@code now} is passed in: the scheduler never
 * reads a clock.
 */
public record Snapshot(
        List<Pool> pools,
        List<Tenant> tenants,
        List<WaitingTrial> waiting,
        List<RunningTrial> running,
        long now,
        Settings settings) {
    public Snapshot {
        pools = List.copyOf(pools);
        tenants = List.copyOf(tenants);
        waiting = List.copyOf(waiting);
        running = List.copyOf(running);
        Objects.requireNonNull(settings, "settings");
    }
}
