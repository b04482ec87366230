package dev.sibyl.scheduler.fairshare;

import dev.sibyl.scheduler.fairshare.RunningTrials.Amount;
import dev.sibyl.scheduler.fairshare.RunningTrials.PoolLoad;
import dev.sibyl.scheduler.fairshare.RunningTrials.TenantLoad;
import java.util.ArrayList;
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
    private Map<String, RunningTrial> byId;
    private Map<String, PoolLoad> pools;
    private Map<String, TenantLoad> tenants;
    /** The latest start time of any trial started here (ended ones included). */
    private long latestStart;
    /** The trials still here that started at {@link #latestStart}. */
    private Map<String, RunningTrial> atLatest;
    /** The maps are shared with a frozen view and must be copied before the next change. */
    private boolean shared;

    public RunningLedger() {
        this.byId = new HashMap<>();
        this.pools = new HashMap<>();
        this.tenants = new HashMap<>();
        this.latestStart = Long.MIN_VALUE;
        this.atLatest = new HashMap<>();
    }

    /** A ledger holding what {@code frozen} holds; changes to it do not show in {@code frozen}. */
    static RunningLedger from(RunningTrials frozen) {
        RunningLedger ledger = new RunningLedger();
        ledger.byId = frozen.byId;
        ledger.pools = frozen.pools;
        ledger.tenants = frozen.tenants;
        ledger.latestStart = frozen.latestStart;
        ledger.atLatest = frozen.atLatest;
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
        pools.put(trial.pool(), PoolLoad.with(pools.get(trial.pool()), trial, 1));
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
        byPool.forEach((pool, started) -> pools.put(pool, PoolLoad.with(pools.get(pool), started, 1)));
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
        PoolLoad pool = PoolLoad.with(pools.get(trial.pool()), trial, -1);
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
        return new RunningTrials(byId, pools, tenants, latestStart, atLatest);
    }

    private void own() {
        if (shared) {
            byId = new HashMap<>(byId);
            pools = new HashMap<>(pools);
            tenants = new HashMap<>(tenants);
            atLatest = new HashMap<>(atLatest);
            shared = false;
        }
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
