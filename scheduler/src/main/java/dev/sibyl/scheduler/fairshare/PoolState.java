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
    /** Usage by tenant, taken from {@link #loaded} when first asked for. */
    private final Map<String, Usage> usageByTenant = new HashMap<>();
    /** Usage by trials already running before this pass, less those it preempts. */
    private final Map<String, Usage> runningUsageByTenant = new HashMap<>();
    /** Usage by tenant of the trials running before the pass, all of them. */
    private Map<String, RunningTrials.Amount> loaded = Map.of();

    final FailedDemands failed = new FailedDemands();
    Reservation reservation;
    Candidate reservedFor;
    private int largestHole = -1;

    PoolState(Pool pool) {
        this.pool = pool;
        for (Machine m : pool.machines()) {
            MachineState state = new MachineState(this, m);
            machines.add(state);
            machinesById.put(m.id(), state);
        }
        machines.sort(Comparator.comparing(MachineState::id));
    }

    MachineState machine(String id) {
        return machinesById.get(id);
    }

    /** Takes the trials running in this pool before the pass. */
    void load(RunningTrials.PoolLoad load, RunningTrials from) {
        loaded = load.usage();
        load.machines().forEach((id, machineLoad) -> {
            MachineState m = machinesById.get(id);
            if (m != null) {
                m.occupy(machineLoad, from);
            }
        });
    }

    String name() {
        return pool.name();
    }

    /** True when some tenant holds more than its nominal quota here in some dimension. */
    boolean hasBorrowers(Map<String, TenantState> tenants) {
        for (Map.Entry<String, Usage> e : usageByTenant.entrySet()) {
            Usage u = e.getValue();
            if (borrows(tenants.get(e.getKey()), u.gpus, u.cpuMillis, u.memoryMb, u.slots)) {
                return true;
            }
        }
        for (Map.Entry<String, RunningTrials.Amount> e : loaded.entrySet()) {
            RunningTrials.Amount u = e.getValue();
            if (!usageByTenant.containsKey(e.getKey())
                    && borrows(tenants.get(e.getKey()), u.gpus(), u.cpuMillis(), u.memoryMb(), u.slots())) {
                return true;
            }
        }
        return false;
    }

    private boolean borrows(TenantState t, long gpus, long cpuMillis, long memoryMb, long slots) {
        Resources nominal =
                t == null ? Resources.NONE : t.tenant.quotaIn(name()).nominal();
        return gpus > nominal.gpus()
                || cpuMillis > nominal.cpuMillis()
                || memoryMb > nominal.memoryMb()
                || slots > nominal.slots();
    }

    Usage runningUsageOf(String tenant) {
        return runningUsageByTenant.computeIfAbsent(tenant, t -> Usage.of(loaded.get(t)));
    }

    /**
     * The tenant's usage here, to read only: it is not registered, so asking for a tenant with no usage here
     * inserts nothing ({@link #usageOf} gives the one to change).
     */
    Usage usageSeen(String tenant) {
        Usage u = usageByTenant.get(tenant);
        return u != null ? u : Usage.of(loaded.get(tenant));
    }

    /** True when the tenant's usage here plus {@code extra} stays within {@code limit}. */
    boolean roomFor(String tenant, Resources extra, Resources limit) {
        return usageSeen(tenant).roomFor(extra, limit);
    }

    Usage usageOf(String tenant) {
        return usageByTenant.computeIfAbsent(tenant, t -> Usage.of(loaded.get(t)));
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
        if (!ignoreHolds && demand.gpus() > largestHole()) {
            // No machine has that many GPUs free outside reservations (the hole is cached per change).
            return null;
        }
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
