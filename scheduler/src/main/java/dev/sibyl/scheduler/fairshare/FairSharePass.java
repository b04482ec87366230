package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One pass of {@link FairShareScheduler}; holds the mutable bookkeeping for a single snapshot. */
final class FairSharePass {
    private static final int MAX_RECLAIM_ROUNDS = 4;
    private static final int MAX_FAIR_SHARE_ROUNDS = 4;
    /**
     * Heads first looks at no more heads than this (nor than there are pools): each head's reservation search reads
     * every machine, so at 100 pools looking at 100 heads cost 3 ms a pass (ADR 0029).
     */
    private static final int HEADS_FIRST_LIMIT = 4;
    /** Lowest score first, then by id; spelt out because a pass sorts every tenant with it. */
    private static final Comparator<TenantState> FAIRNESS_ORDER = (a, b) -> {
        int byScore = Double.compare(a.score, b.score);
        return byScore != 0 ? byScore : a.id().compareTo(b.id());
    };

    private static final Comparator<long[]> SOONEST_FIRST = Comparator.comparingLong(a -> a[0]);

    private final Snapshot snapshot;
    private final Settings settings;
    private final List<PoolState> pools = new ArrayList<>();
    private final Map<String, PoolState> poolsByName = new HashMap<>();
    private final Map<String, TenantState> tenants;
    /** Every tenant, in fairness order as of the latest phase. */
    private final List<TenantState> byFairness = new ArrayList<>();
    /**
     * The tenants with a nominal quota in some pool, the only ones the nominal phase and reclaiming look at
     * (in fairness order as of the latest nominal phase), and the pools they have quota in.
     */
    private final List<TenantState> owners = new ArrayList<>();

    private final Set<PoolState> ownedPools = new HashSet<>();

    private final Usage capacity = new Usage();
    private final List<Placement> placements = new ArrayList<>();
    private final List<Preempt> preempts = new ArrayList<>();
    private final List<TenantQueue> unknownTenant = new ArrayList<>();
    /** Waiting trials open to every pool, by demand; {@link #openDemands} are its keys. */
    private Map<Resources, Integer> openDemandCounts;

    private Set<Resources> openDemands;
    /** Waiting trials with a runtime bound. */
    private int bounded;

    private final FailedDemands failedEverywhere = new FailedDemands();
    /**
     * Trials preempted by the latest run, by identity: every one comes from its machine's {@link
     * MachineState#running()}, as does every trial looked up here, and a record's own hash reads all eleven fields.
     */
    private final Set<RunningTrial> preempted = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The most free GPUs on a machine held for a reservation, as of the latest {@link #backfillHorizon()}. */
    private long lendableGpus = -1;
    /** Fair-share preemption or loans above the fair share need each tenant's {@link TenantState#fairShare}. */
    private final boolean needsFairShares;
    /**
     * The tenants' fair shares need computing at the start of the next run. Demand (running and waiting GPUs)
     * changes between runs only when one preempted (its victims are not queued again within a decision), so a
     * settling run after one that preempted nothing keeps them.
     */
    private boolean fairSharesStale = true;
    /** Trials left waiting by the latest borrowing phase, in the order it visited them. */
    private final List<Left> waitingInOrder = new ArrayList<>();

    private final List<Candidate> withdrawn = new ArrayList<>();
    /** Reservations holding resources on a machine for a trial not yet placed. */
    private int reservationsHeld;
    /** The pools whose {@code reservation} is set, in no particular order (at most one per pool). */
    private final List<PoolState> reservedPools = new ArrayList<>();
    /** Some waiting trial has a runtime bound, so it might backfill held resources. */
    private boolean queuedBounded;
    /** {@link Snapshot#expectedRuntimes()}. */
    private final Map<String, Long> expectedRuntimes;
    /** Whether trials may run on loan, so a gang trial looks for loans to take back. */
    private final boolean lends;
    /** Every open demand has failed in every pool: the rest of the borrowing phase can only fail. */
    private boolean exhausted;
    /** The failures that settle tenants wholesale, frozen once the phase is exhausted. */
    private FailedDemands settledBy;

    /** What a borrowing phase left waiting: one trial, the rest of a class, or a whole tenant. */
    private sealed interface Left permits LeftOne, LeftRestOfClass, LeftTenant {}

    private record LeftOne(Candidate candidate) implements Left {}

    private record LeftRestOfClass(ClassLine line, int from, WaitReason why) implements Left {}

    private record LeftTenant(TenantState tenant, FailedDemands failed) implements Left {}

    FairSharePass(Snapshot snapshot) {
        this(snapshot, List.of());
    }

    /**
     * A pass that starts its fairness order from {@code orderHint}, tenant ids in the order an earlier
     * pass left them (ids not in the snapshot are skipped, tenants not in the hint go last). The order
     * is sorted again before every phase, so the hint changes only how much sorting costs, never the
     * order: scores move little between passes and a nearly sorted list sorts in about one comparison
     * per tenant.
     */
    FairSharePass(Snapshot snapshot, List<String> orderHint) {
        this.snapshot = snapshot;
        this.settings = snapshot.settings();
        this.expectedRuntimes = snapshot.expectedRuntimes();
        this.lends = settings.lendHeld() || settings.aboveShareOnLoan() || !expectedRuntimes.isEmpty();
        this.needsFairShares = settings.fairSharePreemption() || settings.aboveShareOnLoan();
        this.tenants = new HashMap<>(snapshot.tenants().size() * 2);
        snapshot.pools().stream().sorted(Comparator.comparing(Pool::name)).forEach(p -> {
            PoolState state = new PoolState(p);
            pools.add(state);
            poolsByName.put(p.name(), state);
            p.machines().forEach(m -> capacity.add(m.capacity()));
        });
        // Running trials come indexed (RunningLedger): free capacity and usage are read, not summed.
        RunningTrials running = RunningTrials.of(snapshot.running());
        Map<String, RunningTrials.TenantLoad> loads = running.tenantLoads();
        int loadedTenants = 0;
        for (Tenant t : snapshot.tenants()) {
            RunningTrials.TenantLoad load = loads.get(t.id());
            TenantState previous = tenants.put(t.id(), new TenantState(t, load));
            if (load != null && previous == null) {
                loadedTenants++;
            }
        }
        if (loadedTenants < loads.size()) {
            loads.forEach((id, load) -> {
                if (!tenants.containsKey(id)) {
                    tenants.put(id, new TenantState(new Tenant(id, 1, Map.of(), 0), load));
                }
            });
        }
        for (PoolState pool : pools) {
            RunningTrials.PoolLoad load = running.pool(pool.name());
            if (load != null) {
                pool.load(load, running);
            }
        }
        // A trial started at this very instant (an admission being confirmed) does not make its tenant
        // a borrower whose older trials may be preempted.
        for (RunningTrial r : running.startedSince(snapshot.now())) {
            PoolState pool = poolsByName.get(r.pool());
            if (pool != null) {
                pool.runningUsageOf(r.tenant()).subtract(r.demand());
            }
        }
        QueuedTrials queued = QueuedTrials.of(snapshot.waiting());
        openDemandCounts = queued.openDemandCounts();
        openDemands = queued.openDemands();
        bounded = queued.bounded();
        queuedBounded = settings.backfill() && (bounded > 0 || !expectedRuntimes.isEmpty());
        for (TenantQueue queue : queued.tenantMap().values()) {
            TenantState tenant = tenants.get(queue.tenant);
            if (tenant == null) {
                unknownTenant.add(queue);
            } else {
                tenant.waitFor(queue, expectedRuntimes);
            }
        }
        unknownTenant.sort(Comparator.comparing(q -> q.tenant));
        if (orderHint.isEmpty()) {
            byFairness.addAll(tenants.values());
        } else {
            for (String id : orderHint) {
                TenantState t = tenants.get(id);
                if (t != null && !t.ordered) {
                    t.ordered = true;
                    byFairness.add(t);
                }
            }
            if (byFairness.size() < tenants.size()) {
                for (TenantState t : tenants.values()) {
                    if (!t.ordered) {
                        t.ordered = true;
                        byFairness.add(t);
                    }
                }
            }
        }
        for (TenantState t : byFairness) {
            t.rescore(capacity, settings);
            t.tenant.quotas().forEach((poolName, quota) -> {
                PoolState pool = poolsByName.get(poolName);
                if (pool != null && !quota.nominal().equals(Resources.NONE)) {
                    t.nominalPools.add(pool);
                }
            });
            if (t.nominalPools.size() > 1) {
                t.nominalPools.sort(Comparator.comparing(PoolState::name));
            }
            if (!t.nominalPools.isEmpty()) {
                owners.add(t);
                ownedPools.addAll(t.nominalPools);
            }
        }
    }

    /**
     * Carries out the latest {@link #run}'s decisions in this pass's own state, leaving what a new pass
     * over {@link Decisions#applyTo} of them would build (ADR 0026): admitted trials run from now on,
     * preempted ones have left their machines, and reservations, holds and everything found out about
     * waiting trials are gone. The next {@code run} is then the settling pass, without rebuilding every
     * pool and tenant.
     */
    void carryOutInPlace() {
        Set<TenantState> changed = new HashSet<>();
        Map<Resources, Integer> open = null;
        for (Placement p : placements) {
            p.machine.placed.clear();
            changed.add(p.candidate.tenant);
            if (p.withdrawn) {
                continue;
            }
            WaitingTrial t = p.candidate.trial;
            RunningTrial started = new Admit(t, p.machine.pool.name(), p.machine.id(), p.gpuIndices, p.onLoan)
                    .asRunning(snapshot.now());
            p.machine.started(started);
            if (t.bounded()) {
                bounded--;
            }
            if (t.allowedPools().isEmpty()) {
                if (open == null) {
                    open = new HashMap<>(openDemandCounts);
                }
                open.merge(t.demand(), -1, (a, b) -> a + b == 0 ? null : a + b);
            }
        }
        if (open != null) {
            openDemandCounts = open;
            openDemands = open.keySet();
        }
        queuedBounded = settings.backfill() && (bounded > 0 || !expectedRuntimes.isEmpty());
        for (RunningTrial r : preempted) {
            PoolState pool = poolsByName.get(r.pool());
            pool.machine(r.machine()).stopped(r);
        }
        fairSharesStale |= !preempted.isEmpty();
        for (PoolState pool : reservedPools) {
            Reservation r = pool.reservation;
            MachineState m = pool.machine(r.machine());
            m.hold(r.held(), -1);
            m.heldFor = null;
            pool.reservation = null;
            pool.reservedFor = null;
        }
        reservedPools.clear();
        reservationsHeld = 0;
        for (TenantState t : byFairness) {
            t.reservations = 0;
            ExperimentLine line = t.lineIfBuilt();
            if (line != null) {
                line.classes().forEach(ClassLine::forgetPass);
            }
        }
        changed.forEach(t -> t.forgetPlacedTrials(expectedRuntimes));
        pools.forEach(p -> p.failed.forget());
        failedEverywhere.forget();
        placements.clear();
        preempts.clear();
        preempted.clear();
        withdrawn.clear();
        waitingInOrder.clear();
        exhausted = false;
        settledBy = null;
        lendableGpus = -1;
        // Machines keep their cached releases: an admission's expected end as a trial running since now is
        // the one it had as a placement, and preempted trials were already left out.
    }

    /** Tenant ids in fairness order as of the latest phase, a hint for the next pass. */
    List<String> fairnessOrder() {
        List<String> ids = new ArrayList<>(byFairness.size());
        for (TenantState t : byFairness) {
            ids.add(t.id());
        }
        return ids;
    }

    Decisions run() {
        // Demand (running + waiting GPUs) does not change when a trial is preempted and queued again,
        // so the fair shares are the same on the next pass: deciding again changes nothing.
        if (needsFairShares && fairSharesStale) {
            computeFairShares();
            fairSharesStale = false;
        }
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
        if (settings.fairSharePreemption()) {
            for (int round = 0; round < MAX_FAIR_SHARE_ROUNDS && preemptForFairShare(); round++) {
                pools.forEach(p -> p.failed.forget());
                failedEverywhere.forget();
                runPhase(Phase.BORROW);
            }
        }
        return decisions();
    }

    /**
     * Sets every tenant's {@link TenantState#fairShare}: weighted max-min shares of the cluster's GPUs, each capped
     * by the tenant's demand (its running and waiting GPUs), the ideal the simulator's Jain index measures against.
     */
    private void computeFairShares() {
        int n = byFairness.size();
        double[] weights = new double[n];
        double[] demands = new double[n];
        for (int i = 0; i < n; i++) {
            TenantState t = byFairness.get(i);
            weights[i] = t.tenant.weight();
            // Trials placed by an earlier run of this pass are in its usage and still in its queue.
            demands[i] = t.usage.gpus - t.placedGpus + (t.queue == null ? 0 : t.queue.gpus);
        }
        double[] shares = WeightedMaxMin.shares(capacity.gpus, weights, demands);
        for (int i = 0; i < n; i++) {
            byFairness.get(i).fairShare = shares[i];
        }
    }

    /**
     * Fair-share preemption (ADR 0019; Kueue's fair sharing, YARN fair-scheduler preemption): the
     * first blocked gang trial of each tenant that stays within its fair share when admitted may stop
     * trials of tenants above their share on one machine, and is admitted there. Returns true when a
     * gang got a machine.
     */
    private boolean preemptForFairShare() {
        boolean changed = false;
        Set<TenantState> tried = new HashSet<>();
        for (Left left : waitingInOrder) {
            if (!(left instanceof LeftOne one)) {
                continue;
            }
            Candidate c = one.candidate();
            if (c.placement != null
                    || c.demand().gpus() < 2
                    || !(c.reason instanceof WaitReason.Reserved || c.reason instanceof WaitReason.NoMachineFits)
                    || !tried.add(c.tenant)
                    || c.tenant.usage.gpus + c.demand().gpus() > c.tenant.fairShare) {
                continue;
            }
            ReclaimPlan best = null;
            for (PoolState pool : poolsFor(c)) {
                Quota quota = c.tenant.tenant.quotaIn(pool.name());
                if (!open(pool, c) || !pool.roomFor(c.tenant.id(), c.demand(), quota.ceiling())) {
                    continue;
                }
                ReclaimPlan plan = ReclaimPlan.forFairShare(pool, c, tenants, preempted, snapshot.now(), settings);
                if (plan != null && (best == null || plan.cheaperThan(best))) {
                    best = plan;
                }
            }
            if (best != null) {
                String reason = "tenant " + c.tenant.id() + " below its fair share ("
                        + c.tenant.usage.gpus + "/" + String.format("%.1f", c.tenant.fairShare)
                        + " gpu) preempts for gang trial " + c.trial.id() + " on " + best.machine.pool.name()
                        + "/" + best.machine.id();
                carryOut(best, c, reason, Preempt.Cause.FAIR_SHARE);
                // Outside a walk, which would count the admission itself (ExperimentLine.settle).
                c.tenant.runningIn(c.trial.experiment())[0]++;
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Optional step 0 ({@link Settings#headsFirst()}): the head trials of the tenants furthest below
     * their share (as many tenants as there are pools, at most {@link #HEADS_FIRST_LIMIT}) hold the machine they fit on, or reserve the
     * one expected to fit them soonest, before the nominal phase runs. Without it, what drains on a
     * reserved machine can go to nominal-quota trials in the next pass before the reservation is
     * made again. It evens shares out but makes nominal owners reclaim more often.
     */
    private void headsFirst() {
        // The first few tenants in fairness order, picked without sorting every tenant.
        int limit = Math.min(pools.size(), HEADS_FIRST_LIMIT);
        List<TenantState> heads = new ArrayList<>(limit + 1);
        for (TenantState t : tenants.values()) {
            if (!t.hasWaiting()
                    || limit == 0
                    || heads.size() == limit && FAIRNESS_ORDER.compare(t, heads.get(limit - 1)) >= 0) {
                continue;
            }
            int at = -Collections.binarySearch(heads, t, FAIRNESS_ORDER) - 1;
            heads.add(at, t);
            if (heads.size() > limit) {
                heads.remove(limit);
            }
        }
        for (TenantState t : heads) {
            Candidate head = t.line().head();
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
                        && pool.roomFor(
                                t.id(),
                                head.demand(),
                                t.tenant.quotaIn(pool.name()).ceiling())) {
                    blocked.add(pool);
                }
            }
            if (blocked.isEmpty()) {
                continue;
            }
            // A gang head takes back what was lent here before it reserves, as it would in the walk (ADR 0024):
            // reserving first would leave it behind its own reservation with the loans still running.
            if (takesLoansBack(head.demand()) && recallLoans(head, blocked)) {
                // Outside a walk, which would count the admission itself (ExperimentLine.settle).
                head.tenant.runningIn(head.trial.experiment())[0]++;
                continue;
            }
            reserve(head, blocked);
        }
    }

    /** The best-fit machine outside reservations in a pool where the trial's tenant has quota room. */
    private MachineState bestMachineWithinCeiling(Candidate c) {
        MachineState best = null;
        for (PoolState pool : poolsFor(c)) {
            if (!open(pool, c)
                    || !pool.roomFor(
                            c.tenant.id(),
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
        if (!m.pool.roomFor(c.tenant.id(), c.demand(), limit)) {
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
        if (phase == Phase.BORROW) {
            waitingInOrder.clear();
            exhausted = false;
            settledBy = null;
        }
        // Fairness order: the tenants sorted once per phase (nearly sorted from the previous phase,
        // so cheap), merged with those that admitted a trial and queue again under a higher score.
        // Scores change only for the tenant being walked, so this visits tenants exactly as one
        // sorted set of all of them would. Tenants with no nominal quota have nothing to do in the
        // nominal phase, so it sorts and walks only the others; the borrowing phase sorts everyone.
        List<TenantState> walked = phase == Phase.NOMINAL ? owners : byFairness;
        walked.sort(FAIRNESS_ORDER);
        List<TenantState> line = new ArrayList<>(walked.size());
        for (TenantState t : walked) {
            t.failed.forget();
            t.touched = false;
            t.settledWholesale = false;
            if (t.hasWaiting()) {
                line.add(t);
            }
        }
        TreeSet<TenantState> again = new TreeSet<>(FAIRNESS_ORDER);
        int next = 0;
        // backfillHorizon() as last computed, or null once a walk may have changed machines or
        // reservations: settling a tenant wholesale changes neither, so a run of wholesale
        // settlements asks the pools once instead of once per tenant.
        Long horizon = null;
        while (next < line.size() || !again.isEmpty()) {
            TenantState tenant;
            if (again.isEmpty() || next < line.size() && FAIRNESS_ORDER.compare(line.get(next), again.first()) < 0) {
                tenant = line.get(next++);
            } else {
                tenant = again.pollFirst();
            }
            if (phase == Phase.BORROW
                    && exhausted
                    && !tenant.touched
                    && tenant.reservations == 0
                    && !tenant.restricted
                    && !mayBackfill(tenant, horizon != null ? horizon : (horizon = backfillHorizon()))) {
                // Its trials would each fail on a known failure; settle them without a walk.
                tenant.settledWholesale = true;
                if (settledBy == null) {
                    settledBy = failedEverywhere.copy();
                }
                waitingInOrder.add(new LeftTenant(tenant, settledBy));
                continue;
            }
            horizon = null;
            ExperimentLine walk = tenant.line();
            if (!tenant.touched) {
                tenant.touched = true;
                walk.startPhase();
            }
            while (!walk.isEmpty()) {
                Candidate c = walk.next();
                boolean admitted = phase == Phase.NOMINAL ? placeWithinNominal(c) : placeBorrowing(c);
                boolean wholeClass = walk.settle(c, admitted);
                if (admitted) {
                    // Its score grew: let the tenant that is now furthest below its share go next.
                    if (!walk.isEmpty()) {
                        again.add(tenant);
                    }
                    break;
                }
                if (phase == Phase.BORROW) {
                    waitingInOrder.add(new LeftOne(c));
                    if (wholeClass) {
                        waitingInOrder.add(new LeftRestOfClass(c.line, c.index + 1, reasonForTheRest(c)));
                    }
                }
            }
        }
    }

    /** Later members of a failed trial's class fail as it did, except that they hold no reservation. */
    private WaitReason reasonForTheRest(Candidate c) {
        if (!(c.reason instanceof WaitReason.Reserved)) {
            return c.reason;
        }
        int openPools = 0;
        for (PoolState pool : poolsFor(c)) {
            if (open(pool, c)) {
                openPools++;
            }
        }
        return noMachineFits(c, openPools);
    }

    private boolean everyOpenDemandFailed() {
        for (Resources d : openDemands) {
            if (failedEverywhere.dominating(d) == null) {
                return false;
            }
        }
        return true;
    }

    private boolean placeWithinNominal(Candidate c) {
        if (placeOnOwnReservation(c, true)) {
            return true;
        }
        MachineState backfill = backfillOnHeld(c, c.tenant.nominalPools, true);
        if (backfill != null) {
            boolean loan = onlyExpectedToEndInTime(c, backfill);
            admit(c, backfill);
            c.placement.onLoan = loan;
            return true;
        }
        TenantState tenant = c.tenant;
        MachineState best = null;
        for (PoolState pool : tenant.nominalPools) {
            if (!open(pool, c)) {
                continue;
            }
            Resources nominal = tenant.tenant.quotaIn(pool.name()).nominal();
            if (!pool.roomFor(tenant.id(), c.demand(), nominal)) {
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

    /**
     * EASY backfilling (Lifka 1995; Mu'alem and Feitelson 2001): a trial with a runtime bound may use
     * resources held for another trial's reservation when it ends, at the latest, before the
     * reservation's expected start, so it cannot delay that start. Best fit among such machines;
     * preferred to free machines so holes outside reservations stay for trials without a bound.
     * A trial whose experiment's runtime estimate ends before that start may too, on loan when its bound
     * does not ({@link #onlyExpectedToEndInTime}).
     */
    private MachineState backfillOnHeld(Candidate c, List<PoolState> candidates, boolean withinNominalOnly) {
        if (!settings.backfill() || reservationsHeld == 0) {
            return null;
        }
        long deadline = c.trial.deadlineIfStartedAt(snapshot.now());
        long end = expectedEnd(c.trial, deadline);
        if (end == RunningTrial.NO_DEADLINE) {
            return null;
        }
        MachineState best = null;
        // Only pools with a reservation can take a backfill; better() is a total order, so visiting
        // them in any order picks the same machine as visiting every candidate pool.
        for (PoolState pool : candidates == pools ? reservedPools : candidates) {
            Reservation r = pool.reservation;
            if (r == null || pool.reservedFor == c || end > r.expectedAt() || !open(pool, c)) {
                continue;
            }
            if (deadline > r.expectedAt() && !takesLoansBack(r.trial().demand())) {
                // Only a gang trial takes loans back, so only its reservation may rely on an estimate.
                continue;
            }
            MachineState m = pool.machine(r.machine());
            if (m == null || m.heldFor != r || !m.fitsIgnoringHolds(c.demand())) {
                continue;
            }
            Quota quota = c.tenant.tenant.quotaIn(pool.name());
            Resources limit = withinNominalOnly ? quota.nominal() : quota.ceiling();
            if (!pool.roomFor(c.tenant.id(), c.demand(), limit)) {
                continue;
            }
            if (best == null || better(m, best)) {
                best = m;
            }
        }
        return best;
    }

    /**
     * Whether a trial of this demand takes back trials on loan ({@link #recallLoans}) rather than wait for them to
     * end: only gang trials do, when trials may run on loan at all.
     */
    private boolean takesLoansBack(Resources demand) {
        return lends && demand.gpus() > 1;
    }

    /** The earlier of {@code deadline} and when the trial's experiment's runtime estimate ends, if it started now. */
    private long expectedEnd(WaitingTrial t, long deadline) {
        Long estimate = expectedRuntimes.isEmpty() ? null : expectedRuntimes.get(t.experiment());
        long now = snapshot.now();
        return estimate == null || estimate > Long.MAX_VALUE - now ? deadline : Math.min(deadline, now + estimate);
    }

    /**
     * Whether a trial backfilling {@code m} may outlive the reservation's expected start, its estimate ending in
     * time but not its bound: it runs on loan, so the reservation takes it back if it overruns.
     */
    private boolean onlyExpectedToEndInTime(Candidate c, MachineState m) {
        return !expectedRuntimes.isEmpty() && c.trial.deadlineIfStartedAt(snapshot.now()) > m.heldFor.expectedAt();
    }

    /**
     * Lends resources held for a reservation ({@link Settings#lendHeld()}) to a trial that cannot
     * backfill them: best fit among reserved machines it may use, within its quota ceiling. The
     * reservation's trial takes them back by preemption once the rest of the machine has drained.
     */
    private MachineState lendOnHeld(Candidate c, List<PoolState> candidates) {
        if (reservationsHeld == 0) {
            return null;
        }
        MachineState best = null;
        for (PoolState pool : candidates == pools ? reservedPools : candidates) {
            Reservation r = pool.reservation;
            if (r == null || pool.reservedFor == c || !open(pool, c)) {
                continue;
            }
            MachineState m = pool.machine(r.machine());
            if (m == null || m.heldFor != r || !m.fitsIgnoringHolds(c.demand())) {
                continue;
            }
            Quota quota = c.tenant.tenant.quotaIn(pool.name());
            if (!pool.roomFor(c.tenant.id(), c.demand(), quota.ceiling())) {
                continue;
            }
            if (best == null || better(m, best)) {
                best = m;
            }
        }
        return best;
    }

    /**
     * Whether admitting the trial takes its tenant above its fair share ({@link Settings#aboveShareOnLoan()}),
     * so it runs on loan. Fair shares do not move within a pass or when its decisions are carried out
     * (running plus waiting GPUs stay the same).
     */
    private boolean beyondFairShare(Candidate c) {
        return needsFairShares
                && settings.aboveShareOnLoan()
                && c.tenant.usage.gpus + c.demand().gpus() > c.tenant.fairShare;
    }

    /**
     * A gang trial that would reserve a machine starts at once instead when taking back what was lent
     * out of reservations there makes room (in a pool nobody holds a reservation in yet).
     */
    private boolean recallLoans(Candidate c, List<PoolState> blocked) {
        ReclaimPlan best = null;
        for (PoolState pool : blocked) {
            if (pool.reservation != null) {
                continue;
            }
            ReclaimPlan plan = ReclaimPlan.recallingLoans(pool, c, preempted, snapshot.now());
            if (plan != null && (best == null || plan.cheaperThan(best))) {
                best = plan;
            }
        }
        if (best == null) {
            return false;
        }
        carryOut(
                best,
                c,
                "trial " + c.trial.id() + " takes back GPUs lent out of reservations on machine " + best.machine.id()
                        + " in pool " + best.machine.pool.name(),
                Preempt.Cause.LOAN);
        return true;
    }

    /**
     * The latest expected start of a reservation whose machine still has free resources a bounded
     * trial could backfill; {@link Long#MIN_VALUE} when there is none. A trial backfills only when
     * it ends by that start ({@link #backfillOnHeld}), so a trial whose bound reaches past it never can.
     */
    private long backfillHorizon() {
        long horizon = Long.MIN_VALUE;
        lendableGpus = -1;
        if (reservationsHeld == 0 || !settings.lendHeld() && (!settings.backfill() || !queuedBounded)) {
            return horizon;
        }
        for (PoolState pool : reservedPools) {
            Reservation r = pool.reservation;
            if (r != null && (settings.lendHeld() || r.expectedAt() > snapshot.now())) {
                MachineState m = pool.machine(r.machine());
                if (m != null
                        && m.heldFor == r
                        && m.freeSlots > 0
                        && (m.freeGpus > 0 || r.held().gpus() == 0)) {
                    horizon = Math.max(horizon, r.expectedAt());
                    lendableGpus = Math.max(lendableGpus, m.freeGpus);
                }
            }
        }
        return horizon;
    }

    /** Whether some trial of the tenant might backfill (or borrow, with loans) held resources before {@code horizon}. */
    private boolean mayBackfill(TenantState tenant, long horizon) {
        if (settings.lendHeld()) {
            // A loan needs the whole trial to fit in the free part of a held machine (lendOnHeld).
            return horizon != Long.MIN_VALUE && tenant.fewestGpus <= lendableGpus;
        }
        // A backfill, like a loan, needs the whole trial to fit in the free part of a held machine.
        return horizon > snapshot.now()
                && tenant.fewestGpus <= lendableGpus
                && tenant.shortestRuntime() <= horizon - snapshot.now();
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
        MachineState backfill = backfillOnHeld(c, poolsFor(c), false);
        if (backfill != null) {
            boolean loan = beyondFairShare(c) || onlyExpectedToEndInTime(c, backfill);
            admit(c, backfill);
            c.placement.onLoan = loan;
            return true;
        }
        if (settings.lendHeld()) {
            MachineState loan = lendOnHeld(c, poolsFor(c));
            if (loan != null) {
                admit(c, loan);
                c.placement.onLoan = true;
                return true;
            }
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
            Usage used = pool.usageSeen(c.tenant.id());
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
            boolean loan = beyondFairShare(c);
            admit(c, best);
            c.placement.onLoan = loan;
            return true;
        }
        if (takesLoansBack(demand) && recallLoans(c, blocked)) {
            return true;
        }
        c.reason = whyNotPlaced(c, openPools, physicallyFull, quotaReason, blocked);
        if (c.unrestricted()) {
            // Trials this one dominates are not first in line: tell them about the machines.
            WaitReason forLarger = c.reason instanceof WaitReason.Reserved ? noMachineFits(c, openPools) : c.reason;
            if (physicallyFull == pools.size() && !pools.isEmpty()) {
                failedEverywhere.remember(demand, forLarger);
                exhausted = everyOpenDemandFailed();
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
                            pool.name(), r.machine(), r.trial().id(), r.trial().tenant());
                }
            }
            return null;
        }
        return new WaitReason.Reserved(hold(c, bestMachine, bestAt));
    }

    private Reservation hold(Candidate c, MachineState m, long expectedAt) {
        Reservation r = new Reservation(c.trial, m.pool.name(), m.id(), c.demand(), expectedAt);
        if (m.pool.reservation == null) {
            reservedPools.add(m.pool);
        }
        m.pool.reservation = r;
        m.pool.reservedFor = c;
        m.hold(c.demand(), 1);
        m.heldFor = r;
        reservationsHeld++;
        c.tenant.reservations++;
        c.reservedOn = m;
        c.reason = new WaitReason.Reserved(r);
        return r;
    }

    private long expectedFitTime(MachineState m, Resources demand) {
        long now = snapshot.now();
        long gpus = m.freeGpus - m.heldGpus;
        long cpu = m.freeCpu - m.heldCpu;
        long mem = m.freeMemory - m.heldMemory;
        long slots = m.freeSlots - m.heldSlots;
        long at = now;
        long[][] releases = releasesOf(m);
        // A gang trial takes loans back (recallLoans) rather than wait for them to end.
        boolean recalls = takesLoansBack(demand);
        if (recalls) {
            for (long[] release : releases) {
                if (release[5] != 0) {
                    gpus += release[1];
                    cpu += release[2];
                    mem += release[3];
                    slots += release[4];
                }
            }
        }
        for (long[] release : releases) {
            if (recalls && release[5] != 0) {
                continue;
            }
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

    /**
     * When the machine's running and placed trials are expected to end, soonest first, each with
     * what it releases and 1 if it runs on loan that a gang trial may take back ({@link ReclaimPlan#recallingLoans}:
     * not one this decision lent). Kept on the machine until the pass admits, withdraws or preempts a trial there:
     * a pass asks for the same machines again for every trial that looks for a reservation.
     */
    private static long recallable(RunningTrial r, long now) {
        return r.onLoan() && r.startedAt() < now ? 1 : 0;
    }

    private long[][] releasesOf(MachineState m) {
        if (m.releases != null) {
            return m.releases;
        }
        long now = snapshot.now();
        List<long[]> releases = new ArrayList<>(m.runningCount() + m.placed.size());
        if (!m.addReleasesOfLoaded(now, settings.reservationWindow(), releases)) {
            for (RunningTrial r : m.running()) {
                if (!preempted.contains(r)) {
                    long end = MachineState.expectedEnd(
                            now, r.startedAt(), r.progress(), r.deadline(), settings.reservationWindow());
                    Resources d = r.demand();
                    releases.add(
                            new long[] {end, d.gpus(), d.cpuMillis(), d.memoryMb(), d.slots(), recallable(r, now)});
                }
            }
        }
        for (Placement p : m.placed) {
            if (!p.withdrawn) {
                Resources d = p.candidate.demand();
                long end = Math.min(now + settings.reservationWindow(), p.candidate.trial.deadlineIfStartedAt(now));
                releases.add(new long[] {end, d.gpus(), d.cpuMillis(), d.memoryMb(), d.slots(), 0});
            }
        }
        releases.sort(SOONEST_FIRST);
        m.releases = releases.toArray(new long[0][]);
        return m.releases;
    }

    private void admit(Candidate c, MachineState m) {
        if (c.reservedOn != null) {
            c.reservedOn.hold(c.demand(), -1);
            c.reservedOn.heldFor = null;
            reservationsHeld--;
            reservedPools.remove(c.reservedOn.pool);
            c.reservedOn.pool.reservation = null;
            c.reservedOn.pool.reservedFor = null;
            c.reservedOn = null;
            c.tenant.reservations--;
        }
        m.releases = null;
        List<Integer> indices = m.take(c.demand());
        Placement p = new Placement(c, m, indices);
        c.placement = p;
        c.reason = null;
        c.tenant.placed(c, 1);
        m.placed.add(p);
        placements.add(p);
        m.pool.usageOf(c.tenant.id()).add(c.demand());
        c.tenant.usage.add(c.demand());
        c.tenant.rescore(capacity, settings);
    }

    private void unadmit(Placement p, String owner) {
        p.machine.releases = null;
        Candidate c = p.candidate;
        p.withdrawn = true;
        c.placement = null;
        c.tenant.placed(c, -1);
        c.reason = new WaitReason.Withdrawn(p.machine.pool.name(), owner);
        p.machine.release(c.demand(), p.gpuIndices);
        p.machine.pool.usageOf(c.tenant.id()).subtract(c.demand());
        c.tenant.countStopped(c.trial.experiment(), c.demand());
        c.tenant.rescore(capacity, settings);
        withdrawn.add(c);
    }

    /**
     * Lets each tenant's head trial that fits in its nominal quota of a pool with borrowers take
     * capacity back. Returns true when some owner got capacity back.
     */
    private boolean reclaim() {
        // Only owners reclaim, and only in pools they have quota in; the other tenants keep an empty
        // reclaimable list from their construction.
        Set<PoolState> lending = new HashSet<>();
        for (PoolState p : ownedPools) {
            if (p.hasBorrowers(tenants)) {
                lending.add(p);
            }
        }
        if (lending.isEmpty()) {
            return false;
        }
        boolean anyOwner = false;
        for (TenantState t : owners) {
            t.reclaimable = new ArrayList<>(t.nominalPools);
            t.reclaimable.retainAll(lending);
            anyOwner |= !t.reclaimable.isEmpty();
        }
        if (!anyOwner) {
            return false;
        }
        boolean changed = false;
        for (Left left : new ArrayList<>(waitingInOrder)) {
            if (left instanceof LeftOne one) {
                changed |= reclaimFor(one.candidate());
            } else if (left instanceof LeftRestOfClass rest) {
                changed |= reclaimForClass(rest.line(), rest.from());
            } else if (left instanceof LeftTenant whole
                    && !whole.tenant().reclaimable.isEmpty()) {
                for (ClassLine line : whole.tenant().line().classes()) {
                    changed |= reclaimForClass(line, 0);
                }
            }
        }
        return changed;
    }

    /** Members of one class in order; once one gets nothing back, no later one can. */
    private boolean reclaimForClass(ClassLine line, int from) {
        boolean changed = false;
        for (int i = from; i < line.size() && !line.tenant.reclaimable.isEmpty(); i++) {
            if (line.placedAt(i)) {
                continue;
            }
            if (!reclaimFor(line.memberAt(i))) {
                break;
            }
            changed = true;
        }
        return changed;
    }

    private boolean reclaimFor(Candidate c) {
        if (c.placement != null) {
            return false;
        }
        for (java.util.Iterator<PoolState> it = c.tenant.reclaimable.iterator(); it.hasNext(); ) {
            PoolState pool = it.next();
            Resources nominal = c.tenant.tenant.quotaIn(pool.name()).nominal();
            if (!open(pool, c) || !pool.roomFor(c.tenant.id(), c.demand(), nominal)) {
                continue;
            }
            ReclaimPlan plan = ReclaimPlan.cheapest(pool, c, tenants, preempted, snapshot.now(), settings);
            if (plan == null) {
                // Only the head trial may reclaim: a later, smaller one would jump the line.
                it.remove();
                continue;
            }
            Usage ownerUse = pool.usageOf(c.tenant.id());
            carryOut(
                    plan,
                    c,
                    "tenant " + c.tenant.id() + " reclaims nominal quota in pool " + pool.name() + " (" + ownerUse.gpus
                            + "/" + nominal.gpus() + " gpu) for trial " + c.trial.id(),
                    Preempt.Cause.NOMINAL_QUOTA);
            // Outside a walk, which would count the admission itself (ExperimentLine.settle).
            c.tenant.runningIn(c.trial.experiment())[0]++;
            return true;
        }
        return false;
    }

    private void carryOut(ReclaimPlan plan, Candidate owner, String reason, Preempt.Cause cause) {
        for (Placement p : plan.withdrawn) {
            unadmit(p, owner.tenant.id());
        }
        for (RunningTrial r : plan.preempted) {
            preempted.add(r);
            plan.machine.releases = null;
            preempts.add(new Preempt(r, reason, cause));
            plan.machine.release(r.demand(), r.gpuIndices());
            plan.machine.pool.usageOf(r.tenant()).subtract(r.demand());
            plan.machine.pool.runningUsageOf(r.tenant()).subtract(r.demand());
            TenantState victim = tenants.get(r.tenant());
            victim.countStopped(r.experiment(), r.demand());
            victim.rescore(capacity, settings);
        }
        admit(owner, plan.machine);
    }

    private Decisions decisions() {
        List<Admit> admits = new ArrayList<>();
        for (Placement p : placements) {
            if (!p.withdrawn) {
                admits.add(new Admit(p.candidate.trial, p.machine.pool.name(), p.machine.id(), p.gpuIndices, p.onLoan));
            }
        }
        List<WaitList.Segment> waits = new ArrayList<>(waitingInOrder.size() + unknownTenant.size());
        for (Left left : waitingInOrder) {
            if (left instanceof LeftOne one) {
                Candidate c = one.candidate();
                if (c.placement == null && !c.listed) {
                    c.listed = true;
                    waits.add(new WaitList.One(c.trial, reasonOf(c)));
                }
            } else if (left instanceof LeftRestOfClass rest) {
                ClassLine line = rest.line();
                waits.add(new WaitList.ClassRange(line.source, rest.from(), line.placedFrom(rest.from()), rest.why()));
            } else if (left instanceof LeftTenant whole) {
                waits.add(wholeTenant(whole.tenant(), whole.failed()));
            }
        }
        // Admissions withdrawn by a reclaim after the last borrowing phase.
        for (Candidate c : withdrawn) {
            if (c.placement == null && !c.listed && !settledInBulk(c)) {
                c.listed = true;
                waits.add(new WaitList.One(c.trial, reasonOf(c)));
            }
        }
        for (TenantQueue queue : unknownTenant) {
            WaitReason why = new WaitReason.UnknownTenant(queue.tenant);
            for (ExperimentQueue e : queue.experiments) {
                for (TrialClass members : e.classes) {
                    waits.add(new WaitList.ClassRange(members, 0, new int[0], why));
                }
            }
        }
        List<Reservation> reservations = new ArrayList<>();
        for (PoolState p : pools) {
            if (p.reservation != null && p.reservedFor.placement == null) {
                reservations.add(p.reservation);
            }
        }
        return new Decisions(admits, preempts, new WaitList(waits), reservations);
    }

    private WaitReason reasonOf(Candidate c) {
        return c.reason != null ? c.reason : new WaitReason.NoMachineFits(null, pools.size(), 0);
    }

    private static boolean settledInBulk(Candidate c) {
        return c.tenant.settledWholesale || (c.line.tailFrom >= 0 && c.index >= c.line.tailFrom);
    }

    /** A tenant settled wholesale: each class waits for the known failure that covers its demand. */
    private WaitList.Segment wholeTenant(TenantState tenant, FailedDemands failed) {
        int poolCount = pools.size();
        return new WaitList.Deferred(tenant.waiting(), () -> {
            List<WaitList.Segment> segments = new ArrayList<>();
            ExperimentLine line = tenant.lineIfBuilt();
            if (line != null) {
                for (ClassLine c : line.classes()) {
                    segments.add(new WaitList.ClassRange(
                            c.source, 0, c.placedFrom(0), failedFor(failed, c.source.demand, poolCount)));
                }
            } else {
                for (ExperimentQueue e : tenant.queue.experiments) {
                    for (TrialClass c : e.classes) {
                        segments.add(new WaitList.ClassRange(c, 0, new int[0], failedFor(failed, c.demand, poolCount)));
                    }
                }
            }
            return segments;
        });
    }

    private static WaitReason failedFor(FailedDemands failed, Resources demand, int poolCount) {
        WaitReason known = failed.dominating(demand);
        return known != null ? known : new WaitReason.NoMachineFits(null, poolCount, 0);
    }
}
