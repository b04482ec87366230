package dev.sibyl.scheduler.fairshare;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one scheduling pass looks at, frozen. {@code now} is passed in: the scheduler never
 * reads a clock. With many waiting trials, pass a {@link QueuedTrials} (from a {@link
 * WaitingQueue} kept between passes) as {@code waiting}: the fair-share pass then does not
 * re-index the queue. Likewise pass a {@link RunningTrials} (from a {@link RunningLedger} kept
 * between passes) as {@code running}, so the pass reads usage and free capacity instead of adding
 * up every running trial.
 *
 * @param expectedRuntimes by experiment id, how long its trials are expected to run, in the unit of {@code now}
 *     (kept by {@link RuntimeEstimates}); a trial expected to end before a reservation's start may use the
 *     resources held for it, on loan (ADR 0030). Empty when the caller keeps no estimates.
 */
public record Snapshot(
        List<Pool> pools,
        List<Tenant> tenants,
        List<WaitingTrial> waiting,
        List<RunningTrial> running,
        long now,
        Settings settings,
        Map<String, Long> expectedRuntimes) {
    /** A snapshot without runtime estimates: only runtime bounds let trials use held resources. */
    public Snapshot(
            List<Pool> pools,
            List<Tenant> tenants,
            List<WaitingTrial> waiting,
            List<RunningTrial> running,
            long now,
            Settings settings) {
        this(pools, tenants, waiting, running, now, settings, Map.of());
    }

    public Snapshot {
        pools = List.copyOf(pools);
        tenants = List.copyOf(tenants);
        // Indexed waiting trials are immutable already; copying would drop the index.
        waiting = waiting instanceof QueuedTrials ? waiting : List.copyOf(waiting);
        running = running instanceof RunningTrials ? running : List.copyOf(running);
        Objects.requireNonNull(settings, "settings");
        // Free when the map is immutable already (RuntimeEstimates.frozen()).
        expectedRuntimes = Map.copyOf(expectedRuntimes);
        expectedRuntimes.forEach((experiment, runtime) -> {
            if (runtime <= 0) {
                throw new IllegalArgumentException("experiment " + experiment + " expected runtime must be positive");
            }
        });
    }
}
