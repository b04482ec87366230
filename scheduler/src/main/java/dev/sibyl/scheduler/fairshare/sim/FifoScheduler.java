package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.Admit;
import dev.sibyl.scheduler.fairshare.Decisions;
import dev.sibyl.scheduler.fairshare.Scheduler;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.Wait;
import dev.sibyl.scheduler.fairshare.WaitReason;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Baseline: one global first-come-first-served queue; a trial that does not fit blocks the rest. */
public final class FifoScheduler implements Scheduler {
    @Override
    public Decisions decide(Snapshot snapshot) {
        FreeCapacity free = new FreeCapacity(snapshot);
        List<WaitingTrial> queue = new ArrayList<>(snapshot.waiting());
        queue.sort(Comparator.comparingLong(WaitingTrial::enqueuedAt).thenComparing(WaitingTrial::id));
        List<Admit> admits = new ArrayList<>();
        List<Wait> waits = new ArrayList<>();
        boolean blocked = false;
        for (WaitingTrial t : queue) {
            FreeCapacity.Spot spot = blocked ? null : free.place(t);
            if (spot == null) {
                blocked = true;
                waits.add(new Wait(
                        t, new WaitReason.NoMachineFits(null, snapshot.pools().size(), 0), waits.size() + 1));
            } else {
                admits.add(new Admit(t, spot.pool(), spot.machine(), spot.gpuIndices()));
            }
        }
        return new Decisions(admits, List.of(), waits, List.of());
    }
}
