package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One pass of {@link FairShareScheduler}; holds the mutable bookkeeping for a single snapshot. */
final class FairSharePass {
    private static final int MAX_RECLAIM_ROUNDS = 4;
    private static final Comparator<TenantState> FAIRNESS_ORDER =
            Comparator.comparingDouble((TenantState t) -> t.score).thenComparing(TenantState::id);

    private final Snapshot snapshot;
    private final Settings settings;
    private final List<PoolState> pools = new ArrayList<>();
    private final Map<String, PoolState> poolsByName = new HashMap<>();
    private final Map<String, TenantState> tenants = new HashMap<>();
    private final Usage capacity = new Usage();
    private final List<Placement> placements = new ArrayList<>();
    private final List<Preempt> preempts = new ArrayList<>();
    private final List<Candidate> unknownTenant = new ArrayList<>();
    private final FailedDemands failedEverywhere = new FailedDemands();
    private final Set<RunningTrial> preempted = new HashSet<>();
    /** Trials left waiting by the latest borrowing phase, in the order it visited them. */
    private final List<Candidate> waitingInOrder = new ArrayList<>();

    private final List<Candidate> withdrawn = new ArrayList<>();
    private long visits;

    FairSharePass(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.settings = snapshot.settings();
        snapshot.pools().stream().sorted(Comparator.comparing(Pool::name)).forEach(p -> {
            PoolState state = new PoolState(p);
            pools.add(state);
            poolsByName.put(p.name(), state);
            p.machines().forEach(m -> capacity.add(m.capacity()));
        });
        snapshot.tenants().forEach(t -> tenants.put(t.id(), new TenantState(t)));
        snapshot.running().stream()
                .sorted(Comparator.comparing(RunningTrial::id))
                .forEach(this::load);
        for (WaitingTrial trial : snapshot.waiting()) {
            TenantState tenant = tenants.get(trial.tenant());
            if (tenant == null) {
                Candidate c = new Candidate(trial, null);
                c.reason = new WaitReason.UnknownTenant(trial.tenant());
                unknownTenant.add(c);
            } else {
                tenant.line.add(new Candidate(trial, tenant));
            }
        }
        for (TenantState t : tenants.values()) {
            t.rescore(capacity, settings.pastUsageWeight());
            t.tenant.quotas().forEach((poolName, quota) -> {
                PoolState pool = poolsByName.get(poolName);
                if (pool != null && !quota.nominal().equals(Resources.NONE)) {
                    t.nominalPools.add(pool);
                }
            });
            t.nominalPools.sort(Comparator.comparing(PoolState::name));
        }
    }

    private void load(RunningTrial trial) {
        TenantState tenant =
                tenants.computeIfAbsent(trial.tenant(), id -> new TenantState(new Tenant(id, 1, Map.of(), 0)));
        tenant.countStarted(trial);
        PoolState pool = poolsByName.get(trial.pool());
        if (pool == null) {
            return;
        }
        pool.usageOf(trial.tenant()).add(trial.demand());
        // A trial started at this very instant (an admission being confirmed) does not make its tenant
        // a borrower whose older trials may be preempted.
        if (trial.startedAt() < snapshot.now()) {
            pool.runningUsageOf(trial.tenant()).add(trial.demand());
        }
        for (MachineState m : pool.machines) {
            if (m.id().equals(trial.machine())) {
                m.occupy(trial);
            }
        }
    }

    Decisions run() {
        if (settings.headsFirst()) {
            headsFirst();
        }
        runPhase(Phase.NOMINAL);
        runPhase(Phase.BORROW);
        for (int round = 0; round < MAX_RECLAIM_ROUNDS && reclaim(); round++) {
            pools.forEach(p -> p.failed.forget());
            failedEverywhere.forget();
            runPhase(Phase.BORROW);
        }
        return decisions();
    }

    /**
     * Optional step 0 ({@link Settings#headsFirst()}): the head trials of the tenants furthest below
     * their share (as many tenants as there are pools) hold the machine they fit on, or reserve the
     * one expected to fit them soonest, before the nominal phase runs. Without it, what drains on a
     * reserved machine can go to nominal-quota trials in the next pass before the reservation is
     * made again. It evens shares out but makes nominal owners reclaim more often.
     */
    private void headsFirst() {
        List<TenantState> order = new ArrayList<>();
        for (TenantState t : tenants.values()) {
            if (t.line.hasWaiting()) {
                order.add(t);
            }
        }
        order.sort(FAIRNESS_ORDER);
        int considered = 0;
        for (TenantState t : order) {
            if (considered++ >= pools.size()) {
                break;
            }
            Candidate head = t.line.head();
            MachineState fits = bestMachineWithinCeiling(head);
            if (fits != null) {
                if (fits.pool.reservation == null) {
                    hold(head, fits, snapshot.now());
                }
                continue;
            }
            List<PoolState> blocked = new ArrayList<>();
            for (PoolState pool : poolsFor(head)) {
                if (open(pool, head)
                        && pool.usageOf(t.id())
                                .roomFor(
                                        head.demand(),
                                        t.tenant.quotaIn(pool.name()).ceiling())) {
                    blocked.add(pool);
                }
            }
            if (!blocked.isEmpty()) {
                reserve(head, blocked);
            }
        }
    }

    /** The best-fit machine outside reservations in a pool where the trial's tenant has quota room. */
    private MachineState bestMachineWithinCeiling(Candidate c) {
        MachineState best = null;
        for (PoolState pool : poolsFor(c)) {
            if (!open(pool, c)
                    || !pool.usageOf(c.tenant.id())
                            .roomFor(
                                    c.demand(),
                                    c.tenant.tenant.quotaIn(pool.name()).ceiling())) {
                continue;
            }
            MachineState m = pool.bestFit(c.demand(), false);
            if (m != null && (best == null || better(m, best))) {
                best = m;
            }
        }
        return best;
    }

    /** A trial that holds a reservation may use what is held for it, within the given quota. */
    private boolean placeOnOwnReservation(Candidate c, boolean withinNominalOnly) {
        MachineState m = c.reservedOn;
        if (m == null || !m.fitsIgnoringHolds(c.demand())) {
            return false;
        }
        Quota quota = c.tenant.tenant.quotaIn(m.pool.name());
        Resources limit = withinNominalOnly ? quota.nominal() : quota.ceiling();
        if (!m.pool.usageOf(c.tenant.id()).roomFor(c.demand(), limit)) {
            return false;
        }
        admit(c, m);
        return true;
    }

    private enum Phase {
        /** Only placements inside the tenant's nominal quota of a pool. */
        NOMINAL,
        /** Any placement within nominal plus borrowing limit, behind reservations. */
        BORROW
    }

    private void runPhase(Phase phase) {
        TreeSet<TenantState> line = new TreeSet<>(FAIRNESS_ORDER);
        if (phase == Phase.BORROW) {
            waitingInOrder.clear();
        }
        for (TenantState t : tenants.values()) {
            t.failed.forget();
            // Tenants with no nominal quota have nothing to do in the nominal phase.
            if (t.line.hasWaiting() && (phase == Phase.BORROW || !t.nominalPools.isEmpty())) {
                t.line.startPhase();
                line.add(t);
            }
        }
        while (!line.isEmpty()) {
            TenantState tenant = line.pollFirst();
            while (!tenant.line.isEmpty()) {
                Candidate c = tenant.line.next();
                c.visitOrder = visits++;
                boolean admitted = phase == Phase.NOMINAL ? placeWithinNominal(c) : placeBorrowing(c);
                tenant.line.settle(c, admitted);
                if (admitted) {
                    // Its score grew: let the tenant that is now furthest below its share go next.
                    if (!tenant.line.isEmpty()) {
                        line.add(tenant);
                    }
                    break;
                }
                if (phase == Phase.BORROW) {
                    waitingInOrder.add(c);
                }
            }
        }
    }

    private boolean placeWithinNominal(Candidate c) {
        if (placeOnOwnReservation(c, true)) {
            return true;
        }
        TenantState tenant = c.tenant;
        MachineState best = null;
        for (PoolState pool : tenant.nominalPools) {
            if (!open(pool, c)) {
                continue;
            }
            Resources nominal = tenant.tenant.quotaIn(pool.name()).nominal();
            if (!pool.usageOf(tenant.id()).roomFor(c.demand(), nominal)) {
                continue;
            }
            MachineState m = pool.bestFit(c.demand(), false);
            if (m != null && (best == null || better(m, best))) {
                best = m;
            }
        }
        if (best == null) {
            return false;
        }
        admit(c, best);
        return true;
    }

    private static boolean better(MachineState a, MachineState b) {
        if (a.availableGpus() != b.availableGpus()) {
            return a.availableGpus() < b.availableGpus();
        }
        if (a.availableCpu() != b.availableCpu()) {
            return a.availableCpu() < b.availableCpu();
        }
        int byPool = a.pool.name().compareTo(b.pool.name());
        return byPool != 0 ? byPool < 0 : a.id().compareTo(b.id()) < 0;
    }

    private boolean open(PoolState pool, Candidate c) {
        return pool.pool.admits(c.tenant.id()) && c.trial.mayRunIn(pool.name());
    }

    private List<PoolState> poolsFor(Candidate c) {
        if (c.unrestricted()) {
            return pools;
        }
        List<PoolState> open = new ArrayList<>();
        for (String name : c.trial.allowedPools()) {
            PoolState p = poolsByName.get(name);
            if (p != null) {
                open.add(p);
            }
        }
        open.sort(Comparator.comparing(PoolState::name));
        return open;
    }

    private boolean placeBorrowing(Candidate c) {
        if (placeOnOwnReservation(c, false)) {
            return true;
        }
        if (c.reservedOn != null) {
            c.reason = new WaitReason.Reserved(c.reservedOn.pool.reservation);
            return false;
        }
        Resources demand = c.demand();
        if (c.unrestricted()) {
            WaitReason known = failedEverywhere.dominating(demand);
            if (known == null) {
                known = c.tenant.failed.dominating(demand);
            }
            if (known != null) {
                c.reason = known;
                return false;
            }
        }
        MachineState best = null;
        boolean bestWithinNominal = false;
        WaitReason quotaReason = null;
        List<PoolState> blocked = new ArrayList<>();
        int openPools = 0;
        int physicallyFull = 0;
        for (PoolState pool : poolsFor(c)) {
            if (!open(pool, c)) {
                continue;
            }
            openPools++;
            if (pool.failed.dominating(demand) != null) {
                physicallyFull++;
                continue;
            }
            Quota quota = c.tenant.tenant.quotaIn(pool.name());
            Usage used = pool.usageOf(c.tenant.id());
            if (!used.roomFor(demand, quota.ceiling())) {
                if (quotaReason == null) {
                    quotaReason = quotaReason(c, pool, used, quota);
                }
                continue;
            }
            MachineState m = pool.bestFit(demand, false);
            if (m == null) {
                pool.failed.remember(demand, new WaitReason.NoMachineFits(pool.name(), 1, pool.largestHole()));
                physicallyFull++;
                blocked.add(pool);
                continue;
            }
            boolean withinNominal = used.roomFor(demand, quota.nominal());
            if (best == null
                    || (withinNominal && !bestWithinNominal)
                    || (withinNominal == bestWithinNominal && better(m, best))) {
                best = m;
                bestWithinNominal = withinNominal;
            }
        }
        if (best != null) {
            admit(c, best);
            return true;
        }
        c.reason = whyNotPlaced(c, openPools, physicallyFull, quotaReason, blocked);
        if (c.unrestricted()) {
            // Trials this one dominates are not first in line: tell them about the machines.
            WaitReason forLarger = c.reason instanceof WaitReason.Reserved ? noMachineFits(c, openPools) : c.reason;
            if (physicallyFull == pools.size() && !pools.isEmpty()) {
                failedEverywhere.remember(demand, forLarger);
            } else {
                c.tenant.failed.remember(demand, forLarger);
            }
        }
        return false;
    }

    private WaitReason whyNotPlaced(
            Candidate c, int openPools, int physicallyFull, WaitReason quotaReason, List<PoolState> blocked) {
        if (openPools == 0) {
            return new WaitReason.NoAllowedPool(c.tenant.id());
        }
        if (!blocked.isEmpty()) {
            WaitReason reserved = reserve(c, blocked);
            if (reserved != null) {
                return reserved;
            }
        }
        if (physicallyFull == 0 && quotaReason != null) {
            return quotaReason;
        }
        return noMachineFits(c, openPools);
    }

    private WaitReason noMachineFits(Candidate c, int openPools) {
        int hole = 0;
        String onlyPool = null;
        for (PoolState p : poolsFor(c)) {
            if (open(p, c)) {
                hole = Math.max(hole, p.largestHole());
                onlyPool = p.name();
            }
        }
        return new WaitReason.NoMachineFits(openPools == 1 ? onlyPool : null, openPools, hole);
    }

    private WaitReason quotaReason(Candidate c, PoolState pool, Usage used, Quota quota) {
        Resources d = c.demand();
        Resources nominal = quota.nominal();
        Resources ceiling = quota.ceiling();
        if (used.gpus + d.gpus() > ceiling.gpus()) {
            return new WaitReason.QuotaReached(
                    c.tenant.id(), pool.name(), "gpu", used.gpus, nominal.gpus(), ceiling.gpus());
        }
        if (used.cpuMillis + d.cpuMillis() > ceiling.cpuMillis()) {
            return new WaitReason.QuotaReached(
                    c.tenant.id(), pool.name(), "mCPU", used.cpuMillis, nominal.cpuMillis(), ceiling.cpuMillis());
        }
        if (used.memoryMb + d.memoryMb() > ceiling.memoryMb()) {
            return new WaitReason.QuotaReached(
                    c.tenant.id(), pool.name(), "MB memory", used.memoryMb, nominal.memoryMb(), ceiling.memoryMb());
        }
        return new WaitReason.QuotaReached(
                c.tenant.id(), pool.name(), "trial slots", used.slots, nominal.slots(), ceiling.slots());
    }

    /**
     * Backfill with a reservation: the first trial (in fairness order) blocked in a pool gets the
     * machine where it is expected to fit soonest; what it needs there is held so later, smaller
     * trials can only use the rest. Returns null when no pool can take a reservation.
     */
    private WaitReason reserve(Candidate c, List<PoolState> blocked) {
        if (c.reservedOn != null) {
            return new WaitReason.Reserved(c.reservedOn.pool.reservation);
        }
        MachineState bestMachine = null;
        long bestAt = Long.MAX_VALUE;
        for (PoolState pool : blocked) {
            if (pool.reservation != null) {
                continue;
            }
            for (MachineState m : pool.machines) {
                if (!m.canEverFit(c.demand())) {
                    continue;
                }
                long at = expectedFitTime(m, c.demand());
                if (at < bestAt) {
                    bestAt = at;
                    bestMachine = m;
                }
            }
        }
        if (bestMachine == null) {
            for (PoolState pool : blocked) {
                if (pool.reservation != null && pool.bestFit(c.demand(), true) != null) {
                    Reservation r = pool.reservation;
                    return new WaitReason.BehindReservation(
                            pool.name(), r.machine(), r.trial().id());
                }
            }
            return null;
        }
        return new WaitReason.Reserved(hold(c, bestMachine, bestAt));
    }

    private Reservation hold(Candidate c, MachineState m, long expectedAt) {
        Reservation r = new Reservation(c.trial, m.pool.name(), m.id(), c.demand(), expectedAt);
        m.pool.reservation = r;
        m.pool.reservedFor = c;
        m.hold(c.demand(), 1);
        c.reservedOn = m;
        c.reason = new WaitReason.Reserved(r);
        return r;
    }

    private long expectedFitTime(MachineState m, Resources demand) {
        long now = snapshot.now();
        List<long[]> releases = new ArrayList<>();
        for (RunningTrial r : m.running) {
            if (preempted.contains(r)) {
                continue;
            }
            long remaining;
            if (r.progress() > 0) {
                double elapsed = Math.max(0, now - r.startedAt());
                remaining = (long) (elapsed * (1 - r.progress()) / r.progress());
            } else {
                remaining = settings.reservationWindow();
            }
            releases.add(new long[] {
                now + remaining,
                r.demand().gpus(),
                r.demand().cpuMillis(),
                r.demand().memoryMb(),
                r.demand().slots()
            });
        }
        for (Placement p : m.placed) {
            if (!p.withdrawn) {
                Resources d = p.candidate.demand();
                releases.add(
                        new long[] {now + settings.reservationWindow(), d.gpus(), d.cpuMillis(), d.memoryMb(), d.slots()
                        });
            }
        }
        releases.sort(Comparator.comparingLong(a -> a[0]));
        long gpus = m.freeGpus - m.heldGpus;
        long cpu = m.freeCpu - m.heldCpu;
        long mem = m.freeMemory - m.heldMemory;
        long slots = m.freeSlots - m.heldSlots;
        long at = now;
        for (long[] release : releases) {
            if (gpus >= demand.gpus()
                    && cpu >= demand.cpuMillis()
                    && mem >= demand.memoryMb()
                    && slots >= demand.slots()) {
                break;
            }
            at = release[0];
            gpus += release[1];
            cpu += release[2];
            mem += release[3];
            slots += release[4];
        }
        return at;
    }

    private void admit(Candidate c, MachineState m) {
        if (c.reservedOn != null) {
            c.reservedOn.hold(c.demand(), -1);
            c.reservedOn.pool.reservation = null;
            c.reservedOn.pool.reservedFor = null;
            c.reservedOn = null;
        }
        List<Integer> indices = m.take(c.demand());
        Placement p = new Placement(c, m, indices);
        c.placement = p;
        c.reason = null;
        m.placed.add(p);
        placements.add(p);
        m.pool.usageOf(c.tenant.id()).add(c.demand());
        c.tenant.usage.add(c.demand());
        c.tenant.rescore(capacity, settings.pastUsageWeight());
    }

    private void unadmit(Placement p, String owner) {
        Candidate c = p.candidate;
        p.withdrawn = true;
        c.placement = null;
        c.reason = new WaitReason.Withdrawn(p.machine.pool.name(), owner);
        p.machine.release(c.demand(), p.gpuIndices);
        p.machine.pool.usageOf(c.tenant.id()).subtract(c.demand());
        c.tenant.countStopped(c.trial.experiment(), c.demand());
        c.tenant.rescore(capacity, settings.pastUsageWeight());
        c.tenant.line.add(c);
        withdrawn.add(c);
    }

    /**
     * Lets each tenant's head trial that fits in its nominal quota of a pool with borrowers take
     * capacity back. Returns true when some owner got capacity back.
     */
    private boolean reclaim() {
        Set<PoolState> lending = new HashSet<>();
        for (PoolState p : pools) {
            if (p.hasBorrowers(tenants)) {
                lending.add(p);
            }
        }
        if (lending.isEmpty()) {
            return false;
        }
        for (TenantState t : tenants.values()) {
            t.reclaimable = new ArrayList<>(t.nominalPools);
            t.reclaimable.retainAll(lending);
        }
        List<Candidate> waiting = new ArrayList<>(waitingInOrder);
        boolean changed = false;
        for (Candidate c : waiting) {
            if (c.placement != null) {
                continue;
            }
            for (java.util.Iterator<PoolState> it = c.tenant.reclaimable.iterator(); it.hasNext(); ) {
                PoolState pool = it.next();
                Resources nominal = c.tenant.tenant.quotaIn(pool.name()).nominal();
                if (!open(pool, c) || !pool.usageOf(c.tenant.id()).roomFor(c.demand(), nominal)) {
                    continue;
                }
                ReclaimPlan plan = ReclaimPlan.cheapest(pool, c, tenants, preempted, snapshot.now(), settings);
                if (plan == null) {
                    // Only the head trial may reclaim: a later, smaller one would jump the line.
                    it.remove();
                    continue;
                }
                carryOut(plan, c);
                changed = true;
                break;
            }
        }
        return changed;
    }

    private void carryOut(ReclaimPlan plan, Candidate owner) {
        Usage ownerUse = plan.machine.pool.usageOf(owner.tenant.id());
        Resources nominal =
                owner.tenant.tenant.quotaIn(plan.machine.pool.name()).nominal();
        String reason = "tenant " + owner.tenant.id() + " reclaims nominal quota in pool " + plan.machine.pool.name()
                + " (" + ownerUse.gpus + "/" + nominal.gpus() + " gpu) for trial " + owner.trial.id();
        for (Placement p : plan.withdrawn) {
            unadmit(p, owner.tenant.id());
        }
        for (RunningTrial r : plan.preempted) {
            preempted.add(r);
            preempts.add(new Preempt(r, reason));
            plan.machine.release(r.demand(), r.gpuIndices());
            plan.machine.pool.usageOf(r.tenant()).subtract(r.demand());
            plan.machine.pool.runningUsageOf(r.tenant()).subtract(r.demand());
            TenantState victim = tenants.get(r.tenant());
            victim.countStopped(r.experiment(), r.demand());
            victim.rescore(capacity, settings.pastUsageWeight());
        }
        owner.tenant.line.remove(owner);
        admit(owner, plan.machine);
        owner.tenant.runningByExperiment.computeIfAbsent(owner.trial.experiment(), e -> new int[1])[0]++;
    }

    private Decisions decisions() {
        List<Admit> admits = new ArrayList<>();
        for (Placement p : placements) {
            if (!p.withdrawn) {
                admits.add(new Admit(p.candidate.trial, p.machine.pool.name(), p.machine.id(), p.gpuIndices));
            }
        }
        List<Candidate> waiting = new ArrayList<>(waitingInOrder.size() + unknownTenant.size());
        for (Candidate c : waitingInOrder) {
            if (c.placement == null && !c.listed) {
                c.listed = true;
                waiting.add(c);
            }
        }
        // Admissions withdrawn by a reclaim after the last borrowing phase.
        for (Candidate c : withdrawn) {
            if (c.placement == null && !c.listed) {
                c.listed = true;
                waiting.add(c);
            }
        }
        waiting.addAll(unknownTenant);
        List<Wait> waits = new ArrayList<>(waiting.size());
        for (Candidate c : waiting) {
            WaitReason why = c.reason != null ? c.reason : new WaitReason.NoMachineFits(null, pools.size(), 0);
            waits.add(new Wait(c.trial, why, waits.size() + 1));
        }
        List<Reservation> reservations = new ArrayList<>();
        for (PoolState p : pools) {
            if (p.reservation != null && p.reservedFor.placement == null) {
                reservations.add(p.reservation);
            }
        }
        return new Decisions(admits, preempts, waits, reservations);
    }
}
