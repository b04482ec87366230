package dev.sibyl.scheduler.fairshare;

import java.util.List;
import java.util.Objects;

/**
 * Everything one scheduling pass looks at, frozen. {@code now} is passed in: the scheduler never
 * reads a clock. With many waiting trials, pass a {@link QueuedTrials} (from a {@link
 * WaitingQueue} kept between passes) as {@code waiting}: the fair-share pass then does not
 * re-index the queue. Likewise pass a {@link RunningTrials} (from a {@link RunningLedger} kept
 * between passes) as {@code running}, so the pass reads usage and free capacity instead of adding
 * up every running trial.
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
        // Indexed waiting trials are immutable already; copying would drop the index.
        waiting = waiting instanceof QueuedTrials ? waiting : List.copyOf(waiting);
        running = running instanceof RunningTrials ? running : List.copyOf(running);
        Objects.requireNonNull(settings, "settings");
    }
}
