package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.Admit;
import dev.sibyl.scheduler.fairshare.Decisions;
import dev.sibyl.scheduler.fairshare.RunningTrial;
import dev.sibyl.scheduler.fairshare.Scheduler;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.Tenant;
import dev.sibyl.scheduler.fairshare.Wait;
import dev.sibyl.scheduler.fairshare.WaitReason;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import dev.sibyl.scheduler.fairshare.WeightedMaxMin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Baseline in the style of Determined's fair-share scheduler: GPU slots are split among active
 * tenants by weighted max-min; a tenant starts trials, oldest first, while it stays within its
 * (rounded up) share. No quotas, no preemption.
 */
public final class MaxMinScheduler implements Scheduler {
    @Override
    public Decisions decide(Snapshot snapshot) {
        FreeCapacity free = new FreeCapacity(snapshot);
        List<Tenant> tenants = new ArrayList<>(snapshot.tenants());
        tenants.sort(Comparator.comparing(Tenant::id));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tenants.size(); i++) {
            index.put(tenants.get(i).id(), i);
        }
        int n = tenants.size();
        double[] weights = new double[n];
        double[] demand = new double[n];
        double[] allocated = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = tenants.get(i).weight();
        }
        for (RunningTrial r : snapshot.running()) {
            Integer i = index.get(r.tenant());
            if (i != null) {
                demand[i] += r.demand().gpus();
                allocated[i] += r.demand().gpus();
            }
        }
        List<List<WaitingTrial>> queues = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queues.add(new ArrayList<>());
        }
        for (WaitingTrial t : snapshot.waiting()) {
            Integer i = index.get(t.tenant());
            if (i != null) {
                demand[i] += t.demand().gpus();
                queues.get(i).add(t);
            }
        }
        double[] target = WeightedMaxMin.shares(free.totalGpus(), weights, demand);
        List<Admit> admits = new ArrayList<>();
        List<Wait> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<WaitingTrial> queue = queues.get(i);
            queue.sort(Comparator.comparingLong(WaitingTrial::enqueuedAt).thenComparing(WaitingTrial::id));
            for (WaitingTrial t : queue) {
                FreeCapacity.Spot spot =
                        allocated[i] + t.demand().gpus() <= Math.ceil(target[i] - 1e-9) ? free.place(t) : null;
                if (spot == null) {
                    waits.add(new Wait(
                            t,
                            new WaitReason.NoMachineFits(null, snapshot.pools().size(), 0),
                            waits.size() + 1));
                } else {
                    allocated[i] += t.demand().gpus();
                    admits.add(new Admit(t, spot.pool(), spot.machine(), spot.gpuIndices()));
                }
            }
        }
        return new Decisions(admits, List.of(), waits, List.of());
    }
}
