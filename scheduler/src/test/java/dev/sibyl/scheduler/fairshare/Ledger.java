package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent tally of who holds what, written for the tests without the scheduler's classes,
 * so the properties check the scheduler against a second implementation of the bookkeeping.
 */
final class Ledger {
    private final Snapshot snapshot;
    private final Map<String, long[]> usedOnMachine = new HashMap<>();
    private final Map<String, Set<Integer>> gpusOnMachine = new HashMap<>();
    private final Map<String, long[]> usedByTenantInPool = new HashMap<>();
    final List<String> violations = new ArrayList<>();

    Ledger(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    static Ledger of(Snapshot snapshot) {
        Ledger ledger = new Ledger(snapshot);
        snapshot.running().forEach(ledger::add);
        return ledger;
    }

    void add(RunningTrial r) {
        add(r.id(), r.tenant(), r.pool(), r.machine(), r.gpuIndices(), r.demand());
    }

    void add(String id, String tenant, String pool, String machine, List<Integer> gpus, Resources demand) {
        long[] used = usedOnMachine.computeIfAbsent(pool + "/" + machine, k -> new long[4]);
        plus(used, demand, 1);
        Set<Integer> taken = gpusOnMachine.computeIfAbsent(pool + "/" + machine, k -> new HashSet<>());
        for (int g : gpus) {
            if (!taken.add(g)) {
                violations.add("GPU " + g + " of " + pool + "/" + machine + " given twice (" + id + ")");
            }
        }
        plus(usedByTenantInPool.computeIfAbsent(tenant + "@" + pool, k -> new long[4]), demand, 1);
    }

    private static void plus(long[] used, Resources d, int sign) {
        used[0] += sign * d.gpus();
        used[1] += sign * d.cpuMillis();
        used[2] += sign * d.memoryMb();
        used[3] += sign * d.slots();
    }

    private static boolean within(long[] used, Resources limit) {
        return used[0] <= limit.gpus()
                && used[1] <= limit.cpuMillis()
                && used[2] <= limit.memoryMb()
                && used[3] <= limit.slots();
    }

    boolean fits(Pool pool, Machine machine, Resources demand) {
        return fits(pool, machine, demand, Resources.NONE);
    }

    /** Room on the machine for {@code demand} on top of what is used and {@code held}. */
    boolean fits(Pool pool, Machine machine, Resources demand, Resources held) {
        if (!demand.acceptsGpuType(machine.capacity().gpuType())) {
            return false;
        }
        long[] used = usedOnMachine
                .getOrDefault(pool.name() + "/" + machine.id(), new long[4])
                .clone();
        plus(used, demand, 1);
        plus(used, held, 1);
        return within(used, machine.capacity());
    }

    boolean withinCeiling(Tenant tenant, Pool pool, Resources demand) {
        long[] used = usedByTenantInPool
                .getOrDefault(tenant.id() + "@" + pool.name(), new long[4])
                .clone();
        plus(used, demand, 1);
        return within(used, tenant.quotaIn(pool.name()).ceiling());
    }

    List<Integer> freeGpus(Pool pool, Machine machine) {
        Set<Integer> taken = gpusOnMachine.getOrDefault(pool.name() + "/" + machine.id(), Set.of());
        return machine.gpuIndices().stream().filter(g -> !taken.contains(g)).toList();
    }

    /** Every machine within capacity and every tenant within its ceiling in every pool. */
    List<String> overAllocations() {
        List<String> found = new ArrayList<>(violations);
        for (Pool pool : snapshot.pools()) {
            for (Machine m : pool.machines()) {
                long[] used = usedOnMachine.getOrDefault(pool.name() + "/" + m.id(), new long[4]);
                if (!within(used, m.capacity())) {
                    found.add("machine " + pool.name() + "/" + m.id() + " over capacity");
                }
                for (int g : gpusOnMachine.getOrDefault(pool.name() + "/" + m.id(), Set.of())) {
                    if (!m.gpuIndices().contains(g)) {
                        found.add("GPU " + g + " is not on " + m.id());
                    }
                }
            }
            for (Tenant t : snapshot.tenants()) {
                long[] used = usedByTenantInPool.getOrDefault(t.id() + "@" + pool.name(), new long[4]);
                if (!within(used, t.quotaIn(pool.name()).ceiling())) {
                    found.add("tenant " + t.id() + " over nominal+borrowing in " + pool.name());
                }
            }
        }
        return found;
    }
}
