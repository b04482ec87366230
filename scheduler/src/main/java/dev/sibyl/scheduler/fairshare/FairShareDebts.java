package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each tenant's fair-share debt, kept by a caller that decides again and again (ADR 0029): the decayed
 * integral of the share of the cluster's GPUs it held minus its ideal share, divided by the decay's mean
 * lifetime, so a debt is an average share. The ideal is the weighted max-min share of the GPUs, each tenant
 * capped by its demand (its running and waiting GPUs), the ideal the simulator's Jain index measures
 * against (trial slots instead, where the pools have no GPUs). A tenant that had less than its ideal has a negative debt and, with {@link Settings#debtWeight()},
 * goes ahead of tenants that had more until it has caught up; a tenant without demand is owed nothing.
 *
 * <p>Call {@link #accrue} for each interval, or {@link #observe} with each snapshot decided on (the interval
 * since the previous one counted at that snapshot's allocation and ideal), and give the scheduler {@link
 * #stamp}ed tenants. Time is in the caller's unit, the same as {@code halfLife}. Not thread-safe.
 */
public final class FairShareDebts {
    private final DecayedUsage decay;
    private final double lifetime;
    /** Decayed integral of (held − ideal) / capacity, by tenant id. */
    private final Map<String, Double> integrals = new HashMap<>();

    private long observedAt = Long.MIN_VALUE;
    /** Restored from an earlier keeper: the time since it observed last only decays (nobody saw what ran). */
    private boolean restored;

    public FairShareDebts(double halfLife) {
        this.decay = new DecayedUsage(halfLife);
        this.lifetime = halfLife / Math.log(2);
    }

    /**
     * Counts {@code elapsed} time during which the tenants with these ids held {@code held} GPUs each (by
     * position) and were owed {@code ideal} GPUs of {@code capacityGpus} ({@link WeightedMaxMin#shares} of
     * the GPUs given their weights and demands). Tenants known from earlier intervals but not listed decay.
     */
    public void accrue(List<String> ids, double[] held, double[] ideal, double capacityGpus, double elapsed) {
        if (elapsed <= 0 || capacityGpus <= 0) {
            return;
        }
        Map<String, Double> rates = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rates.merge(ids.get(i), (held[i] - ideal[i]) / capacityGpus, Double::sum);
        }
        integrals.replaceAll((id, integral) -> decay.accumulate(integral, rates.getOrDefault(id, 0.0), elapsed));
        rates.forEach((id, rate) -> integrals.computeIfAbsent(id, k -> decay.accumulate(0, rate, elapsed)));
    }

    /**
     * Accrues the time since the previous snapshot observed at this one's allocation and ideal: GPUs held by
     * its running trials, demand of its running and waiting trials, weights of its tenants (running or waiting
     * trials of tenants it does not list count with weight 1, as the scheduler counts them). Where the pools have
     * no GPUs at all, trial slots are counted instead.
     */
    public void observe(Snapshot snapshot) {
        long now = snapshot.now();
        long elapsed = observedAt == Long.MIN_VALUE ? 0 : now - observedAt;
        observedAt = Math.max(now, observedAt);
        if (elapsed <= 0) {
            return;
        }
        if (restored) {
            restored = false;
            integrals.replaceAll((id, integral) -> decay.decay(integral, elapsed));
            return;
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Double> weightById = new HashMap<>();
        for (Tenant t : snapshot.tenants()) {
            index.putIfAbsent(t.id(), index.size());
            weightById.putIfAbsent(t.id(), t.weight());
        }
        for (RunningTrial r : snapshot.running()) {
            index.putIfAbsent(r.tenant(), index.size());
        }
        for (WaitingTrial w : snapshot.waiting()) {
            index.putIfAbsent(w.tenant(), index.size());
        }
        List<String> ids = new ArrayList<>(index.keySet());
        double[] weights = new double[ids.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = weightById.getOrDefault(ids.get(i), 1.0);
        }
        // GPUs, or trial slots on pools without GPUs (NNI's local trials), where shares are only counted in slots.
        double gpus = 0;
        double slots = 0;
        for (Pool p : snapshot.pools()) {
            for (Machine m : p.machines()) {
                gpus += m.capacity().gpus();
                slots += m.capacity().slots();
            }
        }
        boolean bySlots = gpus == 0;
        double capacity = bySlots ? slots : gpus;
        double[] held = new double[ids.size()];
        double[] demands = new double[ids.size()];
        for (RunningTrial r : snapshot.running()) {
            int i = index.get(r.tenant());
            double amount = bySlots ? r.demand().slots() : r.demand().gpus();
            held[i] += amount;
            demands[i] += amount;
        }
        for (WaitingTrial w : snapshot.waiting()) {
            demands[index.get(w.tenant())] +=
                    bySlots ? w.demand().slots() : w.demand().gpus();
        }
        accrue(ids, held, WeightedMaxMin.shares(capacity, weights, demands), capacity, elapsed);
    }

    /** The tenant's debt: its decayed average share held beyond its ideal (negative when below). */
    public double debt(String tenant) {
        return integrals.getOrDefault(tenant, 0.0) / lifetime;
    }

    /** Every tenant's debt, by id (tenants never seen are owed nothing and are left out). */
    public Map<String, Double> debts() {
        Map<String, Double> all = new HashMap<>();
        integrals.keySet().forEach(id -> all.put(id, debt(id)));
        return all;
    }

    /** When the latest snapshot was observed, or {@link Long#MIN_VALUE} before the first. */
    public long observedAt() {
        return observedAt;
    }

    /**
     * Debts as a keeper saved them ({@link #debts()} as of {@link #observedAt()}), to go on from after a restart or
     * when another replica takes over deciding. The time until the next {@link #observe} only decays them.
     */
    public static FairShareDebts restore(double halfLife, Map<String, Double> debts, long observedAt) {
        FairShareDebts restored = new FairShareDebts(halfLife);
        debts.forEach((id, debt) -> restored.integrals.put(id, debt * restored.lifetime));
        restored.observedAt = observedAt;
        restored.restored = observedAt != Long.MIN_VALUE;
        return restored;
    }

    /** The tenants with their debts. */
    public List<Tenant> stamp(List<Tenant> tenants) {
        return tenants.stream().map(t -> t.withDebt(debt(t.id()))).toList();
    }
}
