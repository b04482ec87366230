package dev.sibyl.scheduler.fairshare;

/**
 * Scheduler knobs, in the caller's time unit.
 *
 * @param minRuntimeBeforePreemption a running trial younger than this is never preempted
 * @param reservationWindow how long a running trial that reports no progress is assumed to still
 *     need, when estimating which machine frees up soonest for a reservation
 * @param pastUsageWeight how much decayed past usage counts against a tenant, relative to its
 *     current dominant share; 0 ignores history
 * @param headsFirst let the head trials of the tenants furthest below their share hold their
 *     machine (or reserve one) before nominal quotas are served: fairer shares with gang trials,
 *     at the cost of more reclaim preemptions and some utilisation
 * @param backfill let a waiting trial with a runtime bound ({@link WaitingTrial#maxRuntime()}) use GPUs
 *     held for a reservation when it is sure to end before the reservation's expected start (EASY
 *     backfilling); trials without a bound never touch held GPUs, so this is safe to leave on
 */
public record Settings(
        long minRuntimeBeforePreemption,
        long reservationWindow,
        double pastUsageWeight,
        boolean headsFirst,
        boolean backfill) {
    public static final Settings DEFAULTS = new Settings(300_000, 3_600_000, 0.0);

    public Settings(long minRuntimeBeforePreemption, long reservationWindow, double pastUsageWeight) {
        this(minRuntimeBeforePreemption, reservationWindow, pastUsageWeight, false);
    }

    /** Backfill on: it changes nothing for trials without a runtime bound. */
    public Settings(
            long minRuntimeBeforePreemption, long reservationWindow, double pastUsageWeight, boolean headsFirst) {
        this(minRuntimeBeforePreemption, reservationWindow, pastUsageWeight, headsFirst, true);
    }

    public Settings {
        if (minRuntimeBeforePreemption < 0 || reservationWindow < 0 || pastUsageWeight < 0) {
            throw new IllegalArgumentException("settings must not be negative");
        }
    }
}
