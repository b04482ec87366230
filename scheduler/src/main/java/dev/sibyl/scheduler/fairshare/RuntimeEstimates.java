package dev.sibyl.scheduler.fairshare;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How long a trial of an experiment is expected to run, learnt from the runtimes of its trials that ended
 * (ADR 0030): a quantile of the latest {@code window} of them, once at least {@code minSamples} have ended.
 * Trials of one experiment run the same code on similar parameters, so their runtimes are far closer to each
 * other than to the experiment's {@code maxTrialDuration}, which users set generously (Tsafrir et al. 2007 make
 * the same case for batch jobs). The scheduler uses an estimate only to lend GPUs held for a reservation
 * ({@link Snapshot#expectedRuntimes()}): a trial that outlives its estimate is taken back, never waited for.
 * Not thread-safe.
 */
public final class RuntimeEstimates {
    private final int window;
    private final int minSamples;
    private final double quantile;
    private final Map<String, ArrayDeque<Long>> runtimes = new HashMap<>();
    private final Map<String, Long> estimates = new HashMap<>();
    /** {@link #estimates} as of the latest {@link #frozen()}, or null once they have changed since. */
    private Map<String, Long> frozen = Map.of();

    /**
     * @param window how many of an experiment's latest runtimes count
     * @param minSamples how many must have ended before there is an estimate
     * @param quantile which quantile of them is the estimate, in (0, 1]; higher lends less and is taken back less
     */
    public RuntimeEstimates(int window, int minSamples, double quantile) {
        if (window < 1 || minSamples < 1 || minSamples > window || !(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException(
                    "runtime estimates need 1 <= minSamples <= window and a quantile in (0, 1]");
        }
        this.window = window;
        this.minSamples = minSamples;
        this.quantile = quantile;
    }

    /** A trial of {@code experiment} ran {@code runtime} (positive, in the caller's time unit) and ended on its own. */
    public void ended(String experiment, long runtime) {
        if (runtime <= 0) {
            return;
        }
        ArrayDeque<Long> latest = runtimes.computeIfAbsent(experiment, e -> new ArrayDeque<>(window));
        if (latest.size() == window) {
            latest.removeFirst();
        }
        latest.addLast(runtime);
        if (latest.size() >= minSamples) {
            Long estimate = quantileOf(latest);
            if (!estimate.equals(estimates.put(experiment, estimate))) {
                frozen = null;
            }
        }
    }

    /** Forgets an experiment (it has stopped). */
    public void forget(String experiment) {
        runtimes.remove(experiment);
        if (estimates.remove(experiment) != null) {
            frozen = null;
        }
    }

    /**
     * The estimates by experiment, as of now, immutable: copied only when they changed since the previous call,
     * and {@link Snapshot} keeps an immutable map without copying it again.
     */
    public Map<String, Long> frozen() {
        if (frozen == null) {
            frozen = Map.copyOf(estimates);
        }
        return frozen;
    }

    /** The nearest-rank quantile. */
    private long quantileOf(ArrayDeque<Long> latest) {
        long[] sorted = new long[latest.size()];
        int i = 0;
        for (long r : latest) {
            sorted[i++] = r;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
