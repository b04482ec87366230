package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tenant's usage, fair-share score and queue while a pass runs. */
final class TenantState {
    final Tenant tenant;
    final Usage usage;
    /** Running trials per experiment, taken from {@link #loaded} when first asked for. */
    private final Map<String, int[]> runningByExperiment = new HashMap<>();
    /** Its trials running before the pass, or null when none ran. */
    private final RunningTrials.TenantLoad loaded;

    final FailedDemands failed = new FailedDemands();
    final List<PoolState> nominalPools = new ArrayList<>();
    /** The pools with borrowers it has nominal quota in, as of the latest reclaim; empty for non-owners. */
    List<PoolState> reclaimable = List.of();

    double score;
    /** Its waiting trials, or null when none wait. */
    TenantQueue queue;
    /** {@code queue.size}, kept here so ordering and settling tenants does not read every queue. */
    private int queued;
    /** {@code queue.restricted}, likewise. */
    boolean restricted;
    /**
     * {@code queue.shortestBound}, or a shorter runtime estimate of one of its experiments; then the same over the
     * trials still waiting once admissions are carried out. Read through {@link #shortestRuntime()}.
     */
    private long shortestBound;
    /** The estimates {@link #shortestBound} is still to take in from the queue, or null once it has. */
    private Map<String, Long> estimatesPending;
    /** {@code queue.fewestGpus}, likewise. */
    long fewestGpus;
    /**
     * Its weighted max-min share of the cluster's GPUs, capped by its demand, as of the latest run of a pass that
     * needs it (fair-share preemption, loans above the share); else 0.
     */
    double fairShare;
    /** GPUs of its trials placed from the queue, which {@link #usage} counts already. */
    long placedGpus;

    private ExperimentLine line;
    private int placedFromQueue;
    /** Reservations held by its trials in this pass. */
    int reservations;
    /** Visited in the current phase. */
    boolean touched;
    /** Left waiting wholesale in the latest borrowing phase. */
    boolean settledWholesale;
    /** Already in the pass's fairness order while it is being built. */
    boolean ordered;

    TenantState(Tenant tenant, RunningTrials.TenantLoad loaded) {
        this.tenant = tenant;
        this.loaded = loaded;
        this.usage = Usage.of(loaded == null ? null : loaded.usage());
    }

    String id() {
        return tenant.id();
    }

    /** Built when the pass first looks at the tenant's trials. */
    ExperimentLine line() {
        if (line == null) {
            line = new ExperimentLine(queue, this);
        }
        return line;
    }

    /** The line if the pass has looked at the tenant's trials, else null. */
    ExperimentLine lineIfBuilt() {
        return line;
    }

    void waitFor(TenantQueue waiting, Map<String, Long> expectedRuntimes) {
        queue = waiting;
        queued = waiting.size;
        restricted = waiting.restricted;
        shortestBound = waiting.shortestBound;
        // Only a pass that may settle the tenant wholesale while backfill is open asks, so the estimates of its
        // experiments are looked up then.
        estimatesPending = expectedRuntimes.isEmpty() ? null : expectedRuntimes;
        fewestGpus = waiting.fewestGpus;
    }

    /** The shortest runtime bound or estimate of its waiting trials ({@link WaitingTrial#UNBOUNDED} when none has one). */
    long shortestRuntime() {
        if (estimatesPending != null) {
            long shortest = shortestBound;
            for (ExperimentQueue e : queue.experiments) {
                shortest = Math.min(shortest, estimatesPending.getOrDefault(e.id, WaitingTrial.UNBOUNDED));
            }
            shortestBound = shortest;
            estimatesPending = null;
        }
        return shortestBound;
    }

    /** Recomputes what {@link #waitFor} took from the queue over the trials still waiting. */
    void forgetPlacedTrials(Map<String, Long> expectedRuntimes) {
        if (line == null) {
            return;
        }
        boolean anyRestricted = false;
        long shortest = WaitingTrial.UNBOUNDED;
        long fewest = Long.MAX_VALUE;
        for (ClassLine c : line.classes()) {
            if (c.waiting() > 0) {
                anyRestricted |= !c.source.unrestricted();
                shortest = Math.min(shortest, c.source.maxRuntime);
                if (!expectedRuntimes.isEmpty()) {
                    shortest = Math.min(
                            shortest,
                            expectedRuntimes.getOrDefault(c.source.get(0).experiment(), WaitingTrial.UNBOUNDED));
                }
                fewest = Math.min(fewest, c.source.demand.gpus());
            }
        }
        restricted = anyRestricted;
        shortestBound = shortest;
        estimatesPending = null;
        fewestGpus = fewest;
    }

    boolean hasWaiting() {
        return waiting() > 0;
    }

    int waiting() {
        return queued - placedFromQueue;
    }

    void placed(Candidate c, int delta) {
        placedFromQueue += delta;
        placedGpus += (long) delta * c.demand().gpus();
        c.line.placed(delta);
    }

    /**
     * Weighted dominant resource fairness (Ghodsi et al. 2011): the largest of its GPU, CPU, memory
     * and trial-slot shares of the cluster, plus weighted past usage, divided by its weight. Slots
     * count because trials that declare no CPU or memory (NNI's local trials) still take one each.
     * A tenant's fair-share debt (ADR 0029), scaled by {@link Settings#debtWeight()}, is added likewise.
     */
    void rescore(Usage capacity, Settings settings) {
        double share = Math.max(
                Math.max(ratio(usage.gpus, capacity.gpus), ratio(usage.slots, capacity.slots)),
                Math.max(ratio(usage.cpuMillis, capacity.cpuMillis), ratio(usage.memoryMb, capacity.memoryMb)));
        score = (share
                        + settings.pastUsageWeight() * tenant.decayedUsage()
                        + settings.debtWeight() * tenant.fairShareDebt())
                / tenant.weight();
    }

    private static double ratio(long used, long total) {
        return total <= 0 ? 0 : (double) used / total;
    }

    /** The number of its trials running in {@code experiment}, as a counter the pass keeps up to date. */
    int[] runningIn(String experiment) {
        return runningByExperiment.computeIfAbsent(
                experiment, e -> new int[] {loaded == null ? 0 : loaded.inExperiment(e)});
    }

    void countStopped(String experiment, Resources demand) {
        usage.subtract(demand);
        runningIn(experiment)[0]--;
    }
}
