package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which borrowed trials to stop on one machine so a nominal owner's trial fits. Victims are only
 * trials of tenants above their own nominal quota in the pool, and only as many as leave that
 * tenant at or above it, so the victim cannot reclaim right back.
 */
final class ReclaimPlan {
    private static final Comparator<RunningTrial> NEWEST_LEAST_PROGRESSED_FIRST = Comparator.comparingLong(
                    RunningTrial::startedAt)
            .reversed()
            .thenComparingDouble(RunningTrial::progress)
            .thenComparing(RunningTrial::id);

    final MachineState machine;
    final List<Placement> withdrawn = new ArrayList<>();
    final List<RunningTrial> preempted = new ArrayList<>();
    private long gpusFreed;
    private long oldestVictimStart = Long.MAX_VALUE;

    private ReclaimPlan(MachineState machine) {
        this.machine = machine;
    }

    /** Fewer victims, then fewer GPUs stopped, then victims that started more recently. */
    boolean cheaperThan(ReclaimPlan other) {
        if (victims() != other.victims()) {
            return victims() < other.victims();
        }
        if (gpusFreed != other.gpusFreed) {
            return gpusFreed < other.gpusFreed;
        }
        return oldestVictimStart > other.oldestVictimStart;
    }

    private int victims() {
        return withdrawn.size() + preempted.size();
    }

    /** The plan with the fewest victims (then fewest GPUs freed), or null when none works. */
    static ReclaimPlan cheapest(
            PoolState pool,
            Candidate owner,
            Map<String, TenantState> tenants,
            Set<RunningTrial> alreadyPreempted,
            long now,
            Settings settings) {
        return cheapestIn(pool, owner, m -> onMachine(m, owner, tenants, alreadyPreempted, now, settings));
    }

    /** The cheapest plan {@code onMachine} makes on a machine of the pool that can ever fit the owner; null when none. */
    private static ReclaimPlan cheapestIn(
            PoolState pool, Candidate owner, java.util.function.Function<MachineState, ReclaimPlan> onMachine) {
        ReclaimPlan best = null;
        for (MachineState m : pool.machines) {
            if (!m.canEverFit(owner.demand())) {
                continue;
            }
            ReclaimPlan plan = onMachine.apply(m);
            if (plan != null && (best == null || plan.cheaperThan(best))) {
                best = plan;
            }
        }
        return best;
    }

    private static ReclaimPlan onMachine(
            MachineState m,
            Candidate owner,
            Map<String, TenantState> tenants,
            Set<RunningTrial> alreadyPreempted,
            long now,
            Settings settings) {
        Resources d = owner.demand();
        // Resources held for another trial's reservation are not the owner's to take.
        boolean ownReservation = owner.reservedOn == m;
        long[] free = ownReservation
                ? new long[] {m.freeGpus, m.freeCpu, m.freeMemory, m.freeSlots}
                : new long[] {
                    m.freeGpus - m.heldGpus,
                    m.freeCpu - m.heldCpu,
                    m.freeMemory - m.heldMemory,
                    m.freeSlots - m.heldSlots
                };
        ReclaimPlan plan = new ReclaimPlan(m);
        Map<String, Usage> taken = new HashMap<>();
        // Admissions made earlier in this pass are the newest of all: withdraw those first.
        for (int i = m.placed.size() - 1; i >= 0 && !fits(free, d); i--) {
            Placement p = m.placed.get(i);
            String victim = p.candidate.tenant.id();
            if (!p.withdrawn
                    && !victim.equals(owner.tenant.id())
                    && helps(p.candidate.demand(), free, d)
                    && staysAtNominal(m.pool.usageOf(victim), m.pool, victim, p.candidate.demand(), tenants, taken)) {
                plan.withdrawn.add(p);
                give(free, p.candidate.demand(), plan);
            }
        }
        List<RunningTrial> running = new ArrayList<>(m.running());
        running.sort(NEWEST_LEAST_PROGRESSED_FIRST);
        for (RunningTrial r : running) {
            if (fits(free, d)) {
                break;
            }
            if (alreadyPreempted.contains(r)
                    || r.tenant().equals(owner.tenant.id())
                    || now - r.startedAt() < settings.minRuntimeBeforePreemption()
                    || !helps(r.demand(), free, d)
                    // A tenant that borrows only through this pass's admissions loses those, not older trials.
                    || !staysAtNominal(
                            m.pool.runningUsageOf(r.tenant()), m.pool, r.tenant(), r.demand(), tenants, taken)) {
                continue;
            }
            plan.preempted.add(r);
            plan.oldestVictimStart = Math.min(plan.oldestVictimStart, r.startedAt());
            give(free, r.demand(), plan);
        }
        return fits(free, d) ? plan : null;
    }

    /**
     * Fair-share preemption (ADR 0019): the cheapest plan in the pool that stops running trials of
     * tenants above their fair share so the owner's gang trial fits one machine. A victim's tenant
     * keeps at least its fair share (GPUs, over all pools) and its nominal quota in the pool, so it
     * never qualifies to preempt back. Trials admitted in this pass are not touched. Null when no
     * machine works.
     */
    static ReclaimPlan forFairShare(
            PoolState pool,
            Candidate owner,
            Map<String, TenantState> tenants,
            Set<RunningTrial> alreadyPreempted,
            long now,
            Settings settings) {
        return cheapestIn(pool, owner, m -> fairShareOnMachine(m, owner, tenants, alreadyPreempted, now, settings));
    }

    private static ReclaimPlan fairShareOnMachine(
            MachineState m,
            Candidate owner,
            Map<String, TenantState> tenants,
            Set<RunningTrial> alreadyPreempted,
            long now,
            Settings settings) {
        Resources d = owner.demand();
        boolean ownReservation = owner.reservedOn == m;
        long[] free = ownReservation
                ? new long[] {m.freeGpus, m.freeCpu, m.freeMemory, m.freeSlots}
                : new long[] {
                    m.freeGpus - m.heldGpus,
                    m.freeCpu - m.heldCpu,
                    m.freeMemory - m.heldMemory,
                    m.freeSlots - m.heldSlots
                };
        if (!mayFreeEnough(m, owner, tenants, free, now, settings)) {
            return null;
        }
        ReclaimPlan plan = new ReclaimPlan(m);
        Map<String, long[]> taken = new HashMap<>();
        List<RunningTrial> running = new ArrayList<>(m.running());
        running.sort(NEWEST_LEAST_PROGRESSED_FIRST);
        for (RunningTrial r : running) {
            if (fits(free, d)) {
                break;
            }
            String victim = r.tenant();
            TenantState v = tenants.get(victim);
            if (v == null
                    || alreadyPreempted.contains(r)
                    || victim.equals(owner.tenant.id())
                    || now - r.startedAt() < settings.minRuntimeBeforePreemption()
                    || !helps(r.demand(), free, d)) {
                continue;
            }
            long[] already = taken.computeIfAbsent(victim, x -> new long[1]);
            long gpus = r.demand().gpus();
            double share = v.fairShare;
            long nominal = v.tenant.quotaIn(m.pool.name()).nominal().gpus();
            if (v.usage.gpus - already[0] - gpus < share
                    || m.pool.usageOf(victim).gpus - already[0] - gpus < nominal
                    || m.pool.runningUsageOf(victim).gpus - already[0] - gpus < nominal) {
                continue;
            }
            already[0] += gpus;
            plan.preempted.add(r);
            plan.oldestVictimStart = Math.min(plan.oldestVictimStart, r.startedAt());
            give(free, r.demand(), plan);
        }
        return fits(free, d) ? plan : null;
    }

    /**
     * Whether stopping every trial on the machine that could be a victim for a fair share would make room for
     * {@code owner}: a necessary condition, read from the trials as they started and checked cheapest first. The
     * search itself copies and sorts the trials as they are now, which would cost every machine of every pool for
     * every gang of a tenant below its share.
     */
    private static boolean mayFreeEnough(
            MachineState m,
            Candidate owner,
            Map<String, TenantState> tenants,
            long[] free,
            long now,
            Settings settings) {
        Resources d = owner.demand();
        long[] could = free.clone();
        List<RunningTrial> trials = m.trialsAsStarted();
        TenantState[] of = m.tenantsOfTrials(tenants);
        for (int i = 0; i < of.length; i++) {
            if (fits(could, d)) {
                return true;
            }
            RunningTrial r = trials.get(i);
            TenantState v = of[i];
            // Free only grows in the search, so a trial that does not help now would not help then either.
            if (v != null
                    && v != owner.tenant
                    && v.usage.gpus - r.demand().gpus() >= v.fairShare
                    && now - r.startedAt() >= settings.minRuntimeBeforePreemption()
                    && helps(r.demand(), free, d)) {
                add(could, r.demand());
            }
        }
        return fits(could, d);
    }

    private static void add(long[] free, Resources r) {
        free[0] += r.gpus();
        free[1] += r.cpuMillis();
        free[2] += r.memoryMb();
        free[3] += r.slots();
    }

    /**
     * Takes back resources lent out of reservations ({@link RunningTrial#onLoan()}) on the machine
     * where that is cheapest, for {@code owner} to start now: the fewest trials on loan, newest and
     * least progressed first, whatever their runtime; null when no machine fits even with every loan
     * taken back. Only machines nobody holds a reservation on in this pass, and nothing but loans started before
     * {@code now}: a loan made by this very decision (carried out for a settling pass) is not taken back by it.
     */
    static ReclaimPlan recallingLoans(PoolState pool, Candidate owner, Set<RunningTrial> alreadyPreempted, long now) {
        return cheapestIn(pool, owner, m -> loansOnMachine(m, owner.demand(), alreadyPreempted, now));
    }

    private static ReclaimPlan loansOnMachine(
            MachineState m, Resources d, Set<RunningTrial> alreadyPreempted, long now) {
        if (m.heldFor != null || !m.runsLoanFrom(now)) {
            return null;
        }
        List<RunningTrial> loans = new ArrayList<>();
        for (RunningTrial r : m.running()) {
            if (r.onLoan() && r.startedAt() < now && !alreadyPreempted.contains(r)) {
                loans.add(r);
            }
        }
        loans.sort(NEWEST_LEAST_PROGRESSED_FIRST);
        long[] free = {m.freeGpus, m.freeCpu, m.freeMemory, m.freeSlots};
        ReclaimPlan plan = new ReclaimPlan(m);
        for (RunningTrial r : loans) {
            if (fits(free, d)) {
                break;
            }
            if (helps(r.demand(), free, d)) {
                plan.preempted.add(r);
                plan.oldestVictimStart = Math.min(plan.oldestVictimStart, r.startedAt());
                give(free, r.demand(), plan);
            }
        }
        return fits(free, d) && !plan.preempted.isEmpty() ? plan : null;
    }

    private static boolean fits(long[] free, Resources d) {
        return free[0] >= d.gpus() && free[1] >= d.cpuMillis() && free[2] >= d.memoryMb() && free[3] >= d.slots();
    }

    /** A victim is only worth stopping if it frees a dimension the owner still lacks. */
    private static boolean helps(Resources victim, long[] free, Resources d) {
        return (victim.gpus() > 0 && free[0] < d.gpus())
                || (victim.cpuMillis() > 0 && free[1] < d.cpuMillis())
                || (victim.memoryMb() > 0 && free[2] < d.memoryMb())
                || (victim.slots() > 0 && free[3] < d.slots());
    }

    private static void give(long[] free, Resources r, ReclaimPlan plan) {
        add(free, r);
        plan.gpusFreed += r.gpus();
    }

    /**
     * In every dimension where the victim tenant borrows and the trial uses, it must keep at least
     * its nominal quota, so it cannot reclaim the trial right back; and there must be such a
     * dimension, or the trial is not borrowed capacity.
     */
    private static boolean staysAtNominal(
            Usage used,
            PoolState pool,
            String tenant,
            Resources amount,
            Map<String, TenantState> tenants,
            Map<String, Usage> taken) {
        TenantState t = tenants.get(tenant);
        Resources nominal =
                t == null ? Resources.NONE : t.tenant.quotaIn(pool.name()).nominal();
        Usage already = taken.computeIfAbsent(tenant, x -> new Usage());
        long[] left = {
            used.gpus - already.gpus - amount.gpus(),
            used.cpuMillis - already.cpuMillis - amount.cpuMillis(),
            used.memoryMb - already.memoryMb - amount.memoryMb(),
            used.slots - already.slots - amount.slots()
        };
        long[] floor = {nominal.gpus(), nominal.cpuMillis(), nominal.memoryMb(), nominal.slots()};
        long[] asked = {amount.gpus(), amount.cpuMillis(), amount.memoryMb(), amount.slots()};
        long[] unlimited = {
            Resources.UNLIMITED_COUNT, Resources.UNLIMITED_AMOUNT, Resources.UNLIMITED_AMOUNT, Resources.UNLIMITED_COUNT
        };
        boolean usesLimited = false;
        for (int d = 0; d < 4; d++) {
            boolean borrowing = left[d] + asked[d] > floor[d];
            if (asked[d] > 0 && floor[d] < unlimited[d] && borrowing) {
                usesLimited = true;
                if (left[d] < floor[d]) {
                    return false;
                }
            }
        }
        if (!usesLimited) {
            return false;
        }
        already.add(amount);
        return true;
    }
}
