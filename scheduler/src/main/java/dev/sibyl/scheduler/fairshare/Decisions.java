package dev.sibyl.scheduler.fairshare;

import java.util.List;

/**
 * The outcome of one pass. Preempted trials' resources are what some admits use, so callers stop
 * the preempted trials before starting admits on the same machine. Every waiting trial of the
 * snapshot appears exactly once, in {@code admits} or {@code waits}.
 */
public record Decisions(List<Admit> admits, List<Preempt> preempts, List<Wait> waits, List<Reservation> reservations) {
    public Decisions {
        admits = List.copyOf(admits);
        preempts = List.copyOf(preempts);
        waits = List.copyOf(waits);
        reservations = List.copyOf(reservations);
    }
}
