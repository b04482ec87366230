package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A snapshot with a pass's decisions carried out: preempted trials leave, admitted ones start. */
final class Outcome {
    private Outcome() {}

    static Snapshot apply(Snapshot s, Decisions d) {
        Set<String> stopped = new HashSet<>();
        d.preempts().forEach(p -> stopped.add(p.trial().id()));
        List<RunningTrial> running = new ArrayList<>();
        for (RunningTrial r : s.running()) {
            if (!stopped.contains(r.id())) {
                running.add(r);
            }
        }
        for (Admit a : d.admits()) {
            WaitingTrial t = a.trial();
            running.add(new RunningTrial(
                    t.id(), t.tenant(), t.experiment(), a.pool(), a.machine(), a.gpuIndices(), t.demand(), s.now(), 0));
        }
        List<WaitingTrial> waiting = d.waits().stream().map(Wait::trial).toList();
        return new Snapshot(s.pools(), s.tenants(), waiting, running, s.now(), s.settings());
    }
}
