package dev.sibyl.scheduler.fairshare;

import dev.sibyl.scheduler.fairshare.RunningTrials.Amount;
import dev.sibyl.scheduler.fairshare.RunningTrials.PoolLoad;
import dev.sibyl.scheduler.fairshare.RunningTrials.TenantLoad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The running trials a caller keeps between scheduling passes, indexed by pool, machine and tenant
 * for {@link FairShareScheduler} (the running-side twin of {@link WaitingQueue}). Call {@link
 * #start} when a trial starts, {@link #end} when it ends or is preempted, {@link #progress} when
 * its progress is known anew, and pass {@link #freeze()} as {@link Snapshot#running()}, with a
 * frozen {@link WaitingQueue} as {@link Snapshot#waiting()}. The pass then reads per-machine free
 * capacity and per-pool and per-tenant usage from the index instead of adding up every running
 * trial.
 *
 * <p>Starting or ending a trial costs about the number of machines and tenants in its pool plus
 * the tenant's experiments; {@link #progress} is constant time; freezing is constant time and
 * later changes do not show through (the first change after a freeze copies the top-level maps,
 * about the number of running trials plus tenants plus pools). Not thread-safe.
 */
public final class RunningLedger {
    // Package-private for RunningTrials, which takes them over when frozen.
    Map<String, RunningTrial> byId;
    Map<String, PoolLoad> pools;
    Map<String, TenantLoad> tenants;
    /** The latest start time of any trial started here (ended ones included). */
    long latestStart;
    /** The trials still here that started at {@link #latestStart}. */
    Map<String, RunningTrial> atLatest;
    /** Each running trial's slot in {@link #progress}, which it keeps while it runs. */
    Map<String, Integer> slots;
    /** Progress by slot, so a pass reads a machine's trials' progress without a look-up per trial. */
    double[] progress;
    /** Slots freed by ended trials ({@code freeCount} of them), taken before {@code nextSlot}. */
    int[] free;

    int freeCount;
    int nextSlot;
    /** The maps and arrays are shared with a frozen view and must be copied before the next change. */
    private boolean shared;

    public RunningLedger() {
        this.byId = new HashMap<>();
        this.pools = new HashMap<>();
        this.tenants = new HashMap<>();
        this.latestStart = Long.MIN_VALUE;
        this.atLatest = new HashMap<>();
        this.slots = new HashMap<>();
        this.progress = new double[16];
        this.free = new int[16];
    }

    /** A ledger holding what {@code frozen} holds; changes to it do not show in {@code frozen}. */
    static RunningLedger from(RunningTrials frozen) {
        RunningLedger ledger = new RunningLedger();
        ledger.byId = frozen.byId;
        ledger.pools = frozen.pools;
        ledger.tenants = frozen.tenants;
        ledger.latestStart = frozen.latestStart;
        ledger.atLatest = frozen.atLatest;
        ledger.slots = frozen.slots;
        ledger.progress = frozen.progress;
        ledger.free = frozen.free;
        ledger.freeCount = frozen.freeCount;
        ledger.nextSlot = frozen.nextSlot;
        ledger.shared = true;
        return ledger;
    }

    /**
     * Records {@code trial} as running on its pool and machine.
     *
     * @throws IllegalArgumentException when a trial with the same id runs already
     */
    public void start(RunningTrial trial) {
        if (byId.containsKey(trial.id())) {
            throw new IllegalArgumentException("trial " + trial.id() + " is running already");
        }
        own();
        byId.put(trial.id(), trial);
        takeSlot(trial);
        pools.put(trial.pool(), PoolLoad.with(pools.get(trial.pool()), trial, slots::get, 1));
        tenants.put(trial.tenant(), TenantLoad.with(tenants.get(trial.tenant()), trial, 1));
        if (trial.startedAt() > latestStart) {
            latestStart = trial.startedAt();
            atLatest = new HashMap<>();
        }
        if (trial.startedAt() == latestStart) {
            atLatest.put(trial.id(), trial);
        }
    }

    /**
     * Starts all of {@code trials} at once: each pool's and tenant's index entry is rebuilt once, not
     * once per trial (an initial fill carries thousands of admissions into the index).
     *
     * @throws IllegalArgumentException when a trial with the same id runs already or comes twice
     */
    void startAll(Collection<RunningTrial> trials) {
        Map<String, List<RunningTrial>> byPool = new HashMap<>();
        Map<String, List<RunningTrial>> byTenant = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (RunningTrial trial : trials) {
            if (byId.containsKey(trial.id()) || !ids.add(trial.id())) {
                throw new IllegalArgumentException("trial " + trial.id() + " is running already");
            }
            byPool.computeIfAbsent(trial.pool(), k -> new ArrayList<>()).add(trial);
            byTenant.computeIfAbsent(trial.tenant(), k -> new ArrayList<>()).add(trial);
        }
        if (ids.isEmpty()) {
            return;
        }
        own();
        trials.forEach(this::takeSlot);
        byPool.forEach((pool, started) -> pools.put(pool, PoolLoad.with(pools.get(pool), started, slots::get, 1)));
        byTenant.forEach((tenant, started) -> tenants.put(tenant, TenantLoad.with(tenants.get(tenant), started, 1)));
        for (RunningTrial trial : trials) {
            byId.put(trial.id(), trial);
            if (trial.startedAt() > latestStart) {
                latestStart = trial.startedAt();
                atLatest = new HashMap<>();
            }
            if (trial.startedAt() == latestStart) {
                atLatest.put(trial.id(), trial);
            }
        }
    }

    /** Removes the trial with this id (ended, cancelled or preempted); false when it was not running. */
    public boolean end(String id) {
        RunningTrial trial = byId.get(id);
        if (trial == null) {
            return false;
        }
        own();
        byId.remove(id);
        freeSlot(slots.remove(id));
        PoolLoad pool = PoolLoad.with(pools.get(trial.pool()), trial, slots::get, -1);
        if (pool == null) {
            pools.remove(trial.pool());
        } else {
            pools.put(trial.pool(), pool);
        }
        TenantLoad tenant = TenantLoad.with(tenants.get(trial.tenant()), trial, -1);
        if (tenant == null) {
            tenants.remove(trial.tenant());
        } else {
            tenants.put(trial.tenant(), tenant);
        }
        atLatest.remove(id);
        return true;
    }

    /**
     * Sets the progress of a running trial (fraction done, in [0, 1]); false when it is not running.
     * Progress feeds reservation estimates and the choice of preemption victims.
     */
    public boolean progress(String id, double progress) {
        RunningTrial trial = byId.get(id);
        if (trial == null) {
            return false;
        }
        if (trial.progress() == progress) {
            return true;
        }
        own();
        RunningTrial updated = trial.withProgress(progress);
        byId.put(id, updated);
        this.progress[slots.get(id)] = progress;
        if (atLatest.containsKey(id)) {
            atLatest.put(id, updated);
        }
        return true;
    }

    /** The running trial with this id, or null. */
    public RunningTrial get(String id) {
        return byId.get(id);
    }

    public int size() {
        return byId.size();
    }

    /** The trials running now, as a list {@link FairShareScheduler} reads without re-indexing. */
    public RunningTrials freeze() {
        shared = true;
        return new RunningTrials(this);
    }

    private void own() {
        if (shared) {
            byId = new HashMap<>(byId);
            pools = new HashMap<>(pools);
            tenants = new HashMap<>(tenants);
            atLatest = new HashMap<>(atLatest);
            slots = new HashMap<>(slots);
            progress = progress.clone();
            free = free.clone();
            shared = false;
        }
    }

    private void takeSlot(RunningTrial trial) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            slot = nextSlot++;
            if (slot == progress.length) {
                progress = Arrays.copyOf(progress, slot * 2);
            }
        }
        slots.put(trial.id(), slot);
        progress[slot] = trial.progress();
    }

    private void freeSlot(int slot) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    static Amount plus(Amount a, Resources r, int sign) {
        Objects.requireNonNull(r, "resources");
        Amount base = a == null ? Amount.ZERO : a;
        return new Amount(
                base.gpus() + sign * (long) r.gpus(),
                base.cpuMillis() + sign * r.cpuMillis(),
                base.memoryMb() + sign * r.memoryMb(),
                base.slots() + sign * (long) r.slots());
    }
}
