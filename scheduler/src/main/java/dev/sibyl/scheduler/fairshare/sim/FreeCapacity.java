package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.Machine;
import dev.sibyl.scheduler.fairshare.Pool;
import dev.sibyl.scheduler.fairshare.Resources;
import dev.sibyl.scheduler.fairshare.RunningTrial;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Free resources per machine, for the baseline policies' gang best-fit placement. */
final class FreeCapacity {
    /** Where a trial goes. */
    record Spot(String pool, String machine, List<Integer> gpuIndices) {}

    private static final class Free {
        final Pool pool;
        final Machine machine;
        final TreeSet<Integer> gpus;
        long gpuCount;
        long cpu;
        long memory;
        long slots;

        Free(Pool pool, Machine machine) {
            this.pool = pool;
            this.machine = machine;
            this.gpus = new TreeSet<>(machine.gpuIndices());
            Resources c = machine.capacity();
            gpuCount = c.gpus();
            cpu = c.cpuMillis();
            memory = c.memoryMb();
            slots = c.slots();
        }

        boolean fits(Resources d) {
            return d.acceptsGpuType(machine.capacity().gpuType())
                    && d.gpus() <= gpuCount
                    && d.cpuMillis() <= cpu
                    && d.memoryMb() <= memory
                    && d.slots() <= slots;
        }

        void take(Resources d, int sign) {
            gpuCount -= sign * d.gpus();
            cpu -= sign * d.cpuMillis();
            memory -= sign * d.memoryMb();
            slots -= sign * d.slots();
        }
    }

    private final List<Free> machines = new ArrayList<>();
    private final Map<String, Free> byKey = new HashMap<>();

    FreeCapacity(Snapshot snapshot) {
        snapshot.pools().stream()
                .sorted(Comparator.comparing(Pool::name))
                .forEach(p -> p.machines().stream()
                        .sorted(Comparator.comparing(Machine::id))
                        .forEach(m -> {
                            Free f = new Free(p, m);
                            machines.add(f);
                            byKey.put(p.name() + "/" + m.id(), f);
                        }));
        for (RunningTrial r : snapshot.running()) {
            Free f = byKey.get(r.pool() + "/" + r.machine());
            if (f != null) {
                f.take(r.demand(), 1);
                r.gpuIndices().forEach(f.gpus::remove);
            }
        }
    }

    /** Takes the best-fit machine (fewest GPUs left over) for the trial, or returns null. */
    Spot place(WaitingTrial trial) {
        Free best = null;
        for (Free f : machines) {
            if (f.pool.admits(trial.tenant()) && trial.mayRunIn(f.pool.name()) && f.fits(trial.demand())) {
                if (best == null || f.gpuCount < best.gpuCount) {
                    best = f;
                }
            }
        }
        if (best == null) {
            return null;
        }
        best.take(trial.demand(), 1);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < trial.demand().gpus(); i++) {
            indices.add(best.gpus.pollFirst());
        }
        return new Spot(best.pool.name(), best.machine.id(), indices);
    }

    long totalGpus() {
        long total = 0;
        for (Free f : machines) {
            total += f.machine.capacity().gpus();
        }
        return total;
    }
}
