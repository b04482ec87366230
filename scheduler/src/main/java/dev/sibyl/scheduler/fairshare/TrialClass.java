package dev.sibyl.scheduler.fairshare;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The waiting trials of one experiment that ask for the same resources in the same pools with the same
 * runtime bound (which decides whether they may backfill held GPUs), in the
 * order the experiment wants them run. Immutable: adding or removing a trial makes a new class.
 * Within one phase of a pass such trials fit, or fail to fit, alike, so the pass looks at the
 * first one and settles the rest with it.
 */
final class TrialClass {
    /** Higher priority first, then earlier enqueued, then by id. */
    static final Comparator<WaitingTrial> IN_LINE = Comparator.comparingInt((WaitingTrial t) -> -t.priority())
            .thenComparingLong(WaitingTrial::enqueuedAt)
            .thenComparing(WaitingTrial::id);

    /** A deterministic order of classes within an experiment, independent of arrival order. */
    static final Comparator<TrialClass> BY_KEY = Comparator.comparingInt((TrialClass c) -> c.demand.gpus())
            .thenComparing(c -> c.demand.gpuType())
            .thenComparingLong(c -> c.demand.cpuMillis())
            .thenComparingLong(c -> c.demand.memoryMb())
            .thenComparingInt(c -> c.demand.slots())
            .thenComparing(c -> c.poolsKey)
            .thenComparingLong(c -> c.maxRuntime);

    final Resources demand;
    final Set<String> allowedPools;
    final long maxRuntime;
    private final String poolsKey;
    private final WaitingTrial[] trials;

    private TrialClass(Resources demand, Set<String> allowedPools, String poolsKey, WaitingTrial[] trials) {
        this.demand = demand;
        this.allowedPools = allowedPools;
        this.maxRuntime = trials[0].maxRuntime();
        this.poolsKey = poolsKey;
        this.trials = trials;
    }

    /** A class of the given trials, which must share demand, allowed pools and runtime bound. */
    static TrialClass of(List<WaitingTrial> members) {
        WaitingTrial[] sorted = members.toArray(new WaitingTrial[0]);
        Arrays.sort(sorted, IN_LINE);
        WaitingTrial first = sorted[0];
        return new TrialClass(
                first.demand(), first.allowedPools(), String.join(",", new TreeSet<>(first.allowedPools())), sorted);
    }

    boolean holds(WaitingTrial t) {
        return demand.equals(t.demand()) && allowedPools.equals(t.allowedPools()) && maxRuntime == t.maxRuntime();
    }

    boolean unrestricted() {
        return allowedPools.isEmpty();
    }

    int size() {
        return trials.length;
    }

    WaitingTrial get(int index) {
        return trials[index];
    }

    TrialClass with(WaitingTrial t) {
        int at = Arrays.binarySearch(trials, t, IN_LINE);
        if (at >= 0) {
            throw new IllegalArgumentException("trial " + t.id() + " is already queued");
        }
        int insert = -at - 1;
        WaitingTrial[] grown = new WaitingTrial[trials.length + 1];
        System.arraycopy(trials, 0, grown, 0, insert);
        grown[insert] = t;
        System.arraycopy(trials, insert, grown, insert + 1, trials.length - insert);
        return new TrialClass(demand, allowedPools, poolsKey, grown);
    }

    /** This class without {@code t}, itself when {@code t} is not in it, null when it would be empty. */
    TrialClass without(WaitingTrial t) {
        int at = Arrays.binarySearch(trials, t, IN_LINE);
        if (at < 0 || !trials[at].id().equals(t.id())) {
            return this;
        }
        if (trials.length == 1) {
            return null;
        }
        WaitingTrial[] shrunk = new WaitingTrial[trials.length - 1];
        System.arraycopy(trials, 0, shrunk, 0, at);
        System.arraycopy(trials, at + 1, shrunk, at, trials.length - at - 1);
        return new TrialClass(demand, allowedPools, poolsKey, shrunk);
    }

    void addTo(List<WaitingTrial> out) {
        out.addAll(Arrays.asList(trials));
    }
}
