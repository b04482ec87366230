package dev.sibyl.scheduler.fairshare;

import java.util.HashMap;
import java.util.Map;

/**
 * The waiting trials a caller keeps between scheduling passes, indexed for {@link
 * FairShareScheduler}: add a trial when it is queued, remove it when it starts or is cancelled, and
 * pass {@link #freeze()} as the snapshot's waiting list. Adding or removing costs about the size
 * of the trial's experiment; freezing is constant time and later changes do not show through.
 * Not thread-safe.
 */
public final class WaitingQueue {
    private Map<String, TenantQueue> tenants;
    private Map<Resources, Integer> openDemands;
    private int size;
    /** How many queued trials have a runtime bound (and so may backfill held resources). */
    private int bounded;
    /** The maps are shared with a frozen view and must be copied before the next change. */
    private boolean shared;

    public WaitingQueue() {
        this(new HashMap<>(), new HashMap<>(), 0, 0, false);
    }

    private WaitingQueue(
            Map<String, TenantQueue> tenants,
            Map<Resources, Integer> openDemands,
            int size,
            int bounded,
            boolean shared) {
        this.tenants = tenants;
        this.openDemands = openDemands;
        this.size = size;
        this.bounded = bounded;
        this.shared = shared;
    }

    static WaitingQueue from(QueuedTrials frozen) {
        return new WaitingQueue(frozen.tenantMap(), frozen.openDemandCounts(), frozen.size(), frozen.bounded(), true);
    }

    /**
     * Queues {@code trial}; a trial is identified by its id within its experiment's line.
     *
     * @throws IllegalArgumentException when the same trial (id, priority and enqueue time) is queued already
     */
    public void add(WaitingTrial trial) {
        own();
        tenants.put(trial.tenant(), TenantQueue.with(tenants.get(trial.tenant()), trial));
        if (trial.allowedPools().isEmpty()) {
            openDemands.merge(trial.demand(), 1, Integer::sum);
        }
        size++;
        if (trial.bounded()) {
            bounded++;
        }
    }

    /** Removes {@code trial} (as it was added); false when it was not queued. */
    public boolean remove(WaitingTrial trial) {
        TenantQueue queue = tenants.get(trial.tenant());
        if (queue == null) {
            return false;
        }
        TenantQueue smaller = queue.without(trial);
        if (smaller == queue) {
            return false;
        }
        own();
        if (smaller == null) {
            tenants.remove(trial.tenant());
        } else {
            tenants.put(trial.tenant(), smaller);
        }
        if (trial.allowedPools().isEmpty()) {
            openDemands.computeIfPresent(trial.demand(), (d, n) -> n == 1 ? null : n - 1);
        }
        size--;
        if (trial.bounded()) {
            bounded--;
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** The trials queued now, as a list {@link FairShareScheduler} reads without re-indexing. */
    public QueuedTrials freeze() {
        shared = true;
        return new QueuedTrials(tenants, openDemands, size, bounded);
    }

    private void own() {
        if (shared) {
            tenants = new HashMap<>(tenants);
            openDemands = new HashMap<>(openDemands);
            shared = false;
        }
    }
}
