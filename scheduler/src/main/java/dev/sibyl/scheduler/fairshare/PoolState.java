package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A pool's machines and per-tenant usage while a pass runs. */
final class PoolState {
    final Pool pool;
    final List<MachineState> machines = new ArrayList<>();
    private final Map<String, MachineState> machinesById = new HashMap<>();
    final Map<String, Usage> usageByTenant = new HashMap<>();
    /** Usage by trials already running before this pass, less those it preempts. */
    final Map<String, Usage> runningUsageByTenant = new HashMap<>();

    final FailedDemands failed = new FailedDemands();
    Reservation reservation;
    Candidate reservedFor;
    private int largestHole = -1;

    PoolState(Pool pool) {
        this.pool = pool;
        pool.machines().stream()
                .sorted(Comparator.comparing(Machine::id))
                .forEach(m -> machines.add(new MachineState(this, m)));
        machines.forEach(m -> machinesById.put(m.id(), m));
    }

    MachineState machine(String id) {
        return machinesById.get(id);
    }

    String name() {
        return pool.name();
    }

    /** True when some tenant holds more than its nominal quota here in some dimension. */
    boolean hasBorrowers(Map<String, TenantState> tenants) {
        for (Map.Entry<String, Usage> e : usageByTenant.entrySet()) {
            TenantState t = tenants.get(e.getKey());
            Resources nominal =
                    t == null ? Resources.NONE : t.tenant.quotaIn(name()).nominal();
            Usage u = e.getValue();
            if (u.gpus > nominal.gpus()
                    || u.cpuMillis > nominal.cpuMillis()
                    || u.memoryMb > nominal.memoryMb()
                    || u.slots > nominal.slots()) {
                return true;
            }
        }
        return false;
    }

    Usage runningUsageOf(String tenant) {
        return runningUsageByTenant.computeIfAbsent(tenant, t -> new Usage());
    }

    Usage usageOf(String tenant) {
        return usageByTenant.computeIfAbsent(tenant, t -> new Usage());
    }

    void changed() {
        largestHole = -1;
    }

    /** Most GPUs free outside reservations on one machine. */
    int largestHole() {
        if (largestHole < 0) {
            long max = 0;
            for (MachineState m : machines) {
                max = Math.max(max, m.availableGpus());
            }
            largestHole = (int) max;
        }
        return largestHole;
    }

    /**
     * Best fit: the machine with the fewest GPUs (then least CPU) left over that still fits, so big
     * holes stay big for gang trials.
     */
    MachineState bestFit(Resources demand, boolean ignoreHolds) {
        MachineState best = null;
        for (MachineState m : machines) {
            boolean fits = ignoreHolds ? m.fitsIgnoringHolds(demand) : m.fitsOutsideHolds(demand);
            if (fits
                    && (best == null
                            || m.availableGpus() < best.availableGpus()
                            || (m.availableGpus() == best.availableGpus() && m.availableCpu() < best.availableCpu()))) {
                best = m;
            }
        }
        return best;
    }

    boolean someMachineCanEverFit(Resources demand) {
        for (MachineState m : machines) {
            if (m.canEverFit(demand)) {
                return true;
            }
        }
        return false;
    }
}
