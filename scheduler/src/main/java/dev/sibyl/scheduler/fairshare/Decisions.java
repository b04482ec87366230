package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one pass. Preempted trials' resources are what some admits use, so callers stop
 * the preempted trials before starting admits on the same machine. Every waiting trial of the
 * snapshot appears exactly once, in {@code admits} or {@code waits}.
 */
public record Decisions(List<Admit> admits, List<Preempt> preempts, List<Wait> waits, List<Reservation> reservations) {
    public Decisions {
        admits = List.copyOf(admits);
        preempts = List.copyOf(preempts);
        // A pass's own lazy list is immutable already; copying it would build every Wait.
        waits = waits instanceof WaitList ? waits : List.copyOf(waits);
        reservations = List.copyOf(reservations);
    }

    /**
     * The snapshot with these decisions carried out at its {@code now}: preempted trials leave
     * (the caller decides whether to queue them again), admitted ones start with no progress.
     */
    public Snapshot applyTo(Snapshot snapshot) {
        Set<String> stopped = new HashSet<>();
        preempts.forEach(p -> stopped.add(p.trial().id()));
        List<RunningTrial> started = new ArrayList<>(admits.size());
        for (Admit a : admits) {
            started.add(a.asRunning(snapshot.now()));
        }
        List<RunningTrial> running;
        if (snapshot.running() instanceof RunningTrials indexed) {
            running = indexed.with(started, stopped);
        } else {
            running = new ArrayList<>();
            for (RunningTrial r : snapshot.running()) {
                if (!stopped.contains(r.id())) {
                    running.add(r);
                }
            }
            running.addAll(started);
        }
        List<WaitingTrial> waiting;
        if (snapshot.waiting() instanceof QueuedTrials queued) {
            waiting = queued.without(admits.stream().map(Admit::trial).toList());
        } else {
            waiting = waits.stream().map(Wait::trial).toList();
        }
        return new Snapshot(
                snapshot.pools(),
                snapshot.tenants(),
                waiting,
                running,
                snapshot.now(),
                snapshot.settings(),
                snapshot.expectedRuntimes());
    }

    /**
     * These decisions combined with those of a later pass over {@link #applyTo}'s result. A later
     * preemption of a trial admitted here cancels the admission instead, and the trial waits, in this merge and
     * every later one.
     */
    Decisions followedBy(Decisions later) {
        Map<String, Admit> admitted = new HashMap<>();
        List<Admit> mergedAdmits = new ArrayList<>();
        admits.forEach(a -> admitted.put(a.trial().id(), a));
        List<Preempt> mergedPreempts = new ArrayList<>(preempts);
        List<WaitingTrial> withdrawn = new ArrayList<>();
        Set<String> cancelled = new HashSet<>();
        for (Preempt p : later.preempts) {
            Admit a = admitted.get(p.trial().id());
            if (a != null) {
                cancelled.add(a.trial().id());
                withdrawn.add(a.trial());
            } else {
                mergedPreempts.add(p);
            }
        }
        for (Admit a : admits) {
            if (!cancelled.contains(a.trial().id())) {
                mergedAdmits.add(a);
            }
        }
        mergedAdmits.addAll(later.admits);
        List<WaitList.Segment> mergedWaits = new ArrayList<>();
        mergedWaits.add(new WaitList.Renumbered(later.waits));
        // Admissions cancelled by an earlier merge: no later pass has them in its queue.
        if (waits instanceof WaitList earlier) {
            mergedWaits.addAll(earlier.cancelled());
        }
        for (WaitingTrial t : withdrawn) {
            Admit a = admitted.get(t.id());
            mergedWaits.add(new WaitList.Cancelled(t, new WaitReason.Withdrawn(a.pool(), null)));
        }
        return new Decisions(mergedAdmits, mergedPreempts, new WaitList(mergedWaits), later.reservations);
    }
}
