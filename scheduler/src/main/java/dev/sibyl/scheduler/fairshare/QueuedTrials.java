package dev.sibyl.scheduler.fairshare;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;

/**
 * A frozen list of waiting trials, indexed by tenant, experiment and demand so that a pass of
 * {@link FairShareScheduler} costs in proportion to tenants, pools and admissions rather than to
 * the number of waiting trials. Take one from {@link WaitingQueue#freeze()} (cheap, for a queue
 * kept between passes) or {@link #of} (indexes a plain list). Pass it as {@link Snapshot#waiting()}.
 *
 * <p>As a {@link List} it iterates tenants by id, then experiments by id, then trials in the
 * order each experiment wants them run; the first positional access builds that list once.
 * Immutable and thread-safe.
 */
public final class QueuedTrials extends AbstractList<WaitingTrial> implements RandomAccess {
    private final Map<String, TenantQueue> tenants;
    private final Map<Resources, Integer> openDemands;
    private final int size;
    private final int bounded;
    private volatile WaitingTrial[] flat;

    QueuedTrials(Map<String, TenantQueue> tenants, Map<Resources, Integer> openDemands, int size, int bounded) {
        this.bounded = bounded;
        this.tenants = tenants;
        this.openDemands = openDemands;
        this.size = size;
    }

    /** The trials indexed; the list itself when it already is one. */
    public static QueuedTrials of(List<WaitingTrial> trials) {
        if (trials instanceof QueuedTrials queued) {
            return queued;
        }
        Map<String, Map<String, Map<List<Object>, List<WaitingTrial>>>> grouped = new HashMap<>();
        Map<Resources, Integer> openDemands = new HashMap<>();
        int bounded = 0;
        for (WaitingTrial t : trials) {
            if (t.bounded()) {
                bounded++;
            }
            grouped.computeIfAbsent(t.tenant(), k -> new HashMap<>())
                    .computeIfAbsent(t.experiment(), k -> new HashMap<>())
                    .computeIfAbsent(List.of(t.demand(), t.allowedPools(), t.maxRuntime()), k -> new ArrayList<>())
                    .add(t);
            if (t.allowedPools().isEmpty()) {
                openDemands.merge(t.demand(), 1, Integer::sum);
            }
        }
        Map<String, TenantQueue> tenants = new HashMap<>();
        grouped.forEach((tenant, experiments) -> {
            List<ExperimentQueue> queues = new ArrayList<>();
            experiments.forEach((experiment, classes) -> queues.add(new ExperimentQueue(
                    experiment, classes.values().stream().map(TrialClass::of).toArray(TrialClass[]::new))));
            tenants.put(tenant, new TenantQueue(tenant, queues.toArray(new ExperimentQueue[0])));
        });
        return new QueuedTrials(tenants, openDemands, trials.size(), bounded);
    }

    /** These trials less {@code gone}; trials not queued here are ignored. */
    public QueuedTrials without(Collection<WaitingTrial> gone) {
        if (gone.isEmpty()) {
            return this;
        }
        WaitingQueue queue = WaitingQueue.from(this);
        gone.forEach(queue::remove);
        return queue.freeze();
    }

    TenantQueue tenant(String id) {
        return tenants.get(id);
    }

    /** Tenants with waiting trials, by id. */
    Collection<TenantQueue> byTenant() {
        return new TreeMap<>(tenants).values();
    }

    Map<String, TenantQueue> tenantMap() {
        return tenants;
    }

    /** The distinct demands of trials open to every pool. */
    Set<Resources> openDemands() {
        return openDemands.keySet();
    }

    /** How many of the trials have a runtime bound. */
    int bounded() {
        return bounded;
    }

    Map<Resources, Integer> openDemandCounts() {
        return openDemands;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public WaitingTrial get(int index) {
        WaitingTrial[] all = flat;
        if (all == null) {
            List<WaitingTrial> list = new ArrayList<>(size);
            for (TenantQueue t : byTenant()) {
                for (ExperimentQueue e : t.experiments) {
                    for (TrialClass c : e.classes) {
                        c.addTo(list);
                    }
                }
            }
            all = list.toArray(new WaitingTrial[0]);
            flat = all;
        }
        return all[index];
    }
}
