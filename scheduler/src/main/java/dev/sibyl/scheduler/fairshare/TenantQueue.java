package dev.sibyl.scheduler.fairshare;

import java.util.Arrays;
import java.util.Comparator;

/** One tenant's waiting trials, by experiment (sorted by id). Immutable. */
final class TenantQueue {
    private static final Comparator<ExperimentQueue> BY_ID = Comparator.comparing(e -> e.id);

    final String tenant;
    final ExperimentQueue[] experiments;
    final int size;
    /** Some trial may run only in named pools, so the pass cannot settle the tenant wholesale. */
    final boolean restricted;
    /** The shortest runtime bound of its trials ({@link WaitingTrial#UNBOUNDED} when none has one). */
    final long shortestBound;
    /** The fewest GPUs any of its trials needs. */
    final long fewestGpus;
    /** The GPUs all of its trials need together. */
    final long gpus;

    TenantQueue(String tenant, ExperimentQueue[] experiments) {
        this.tenant = tenant;
        this.experiments = experiments;
        Arrays.sort(experiments, BY_ID);
        int total = 0;
        boolean anyRestricted = false;
        long shortest = WaitingTrial.UNBOUNDED;
        long fewest = Long.MAX_VALUE;
        long allGpus = 0;
        for (ExperimentQueue e : experiments) {
            total += e.size;
            for (TrialClass c : e.classes) {
                anyRestricted |= !c.unrestricted();
                shortest = Math.min(shortest, c.maxRuntime);
                fewest = Math.min(fewest, c.demand.gpus());
                allGpus += (long) c.demand.gpus() * c.size();
            }
        }
        this.size = total;
        this.restricted = anyRestricted;
        this.shortestBound = shortest;
        this.fewestGpus = fewest;
        this.gpus = allGpus;
    }

    private int indexOf(String experiment) {
        for (int i = 0; i < experiments.length; i++) {
            if (experiments[i].id.equals(experiment)) {
                return i;
            }
        }
        return -1;
    }

    static TenantQueue with(TenantQueue queue, WaitingTrial t) {
        if (queue == null) {
            return new TenantQueue(t.tenant(), new ExperimentQueue[] {ExperimentQueue.with(null, t.experiment(), t)});
        }
        int at = queue.indexOf(t.experiment());
        ExperimentQueue[] experiments;
        if (at < 0) {
            experiments = Arrays.copyOf(queue.experiments, queue.experiments.length + 1);
            experiments[queue.experiments.length] = ExperimentQueue.with(null, t.experiment(), t);
        } else {
            experiments = queue.experiments.clone();
            experiments[at] = ExperimentQueue.with(experiments[at], t.experiment(), t);
        }
        return new TenantQueue(queue.tenant, experiments);
    }

    /** This queue without {@code t}; itself when {@code t} is not in it, null when it would be empty. */
    TenantQueue without(WaitingTrial t) {
        int at = indexOf(t.experiment());
        if (at < 0) {
            return this;
        }
        ExperimentQueue smaller = experiments[at].without(t);
        if (smaller == experiments[at]) {
            return this;
        }
        if (smaller == null && experiments.length == 1) {
            return null;
        }
        ExperimentQueue[] kept;
        if (smaller == null) {
            kept = new ExperimentQueue[experiments.length - 1];
            System.arraycopy(experiments, 0, kept, 0, at);
            System.arraycopy(experiments, at + 1, kept, at, experiments.length - at - 1);
        } else {
            kept = experiments.clone();
            kept[at] = smaller;
        }
        return new TenantQueue(tenant, kept);
    }
}
