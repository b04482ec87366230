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
 * @param fairSharePreemption let a tenant below its weighted fair share of the GPUs whose gang trial
 *     fits no machine preempt trials of tenants above their fair share on one machine (ADR 0019);
 *     victims stay at or above their fair share and their nominal quota, so nobody preempts back
 * @param lendHeld lend resources held for a reservation to waiting trials that cannot end before the
 *     reservation's expected start (ADR 0024): they run on loan, and the reserved trial takes the resources
 *     back by preempting them as soon as the rest of the machine has drained, so a gang trial starts no
 *     later while the GPUs it waits for work instead of idling
 * @param aboveShareOnLoan a trial admitted in the borrowing phase that takes its tenant above its weighted fair
 *     share of the GPUs (weighted max-min capped by demand, as for {@code fairSharePreemption}) runs on loan, and
 *     a gang trial that fits no machine may take loans back to start at once, as with {@code lendHeld}: what a
 *     tenant runs beyond its share is lent, not owned (ADR 0025)
 * @param debtWeight how much a tenant's fair-share debt ({@link Tenant#fairShareDebt()}, kept by {@link
 *     FairShareDebts}) counts in its fairness score next to its current share: a tenant that has had less than
 *     its weighted max-min share goes ahead of those that have had more until it has caught up (ADR 0029); 0
 *     ignores debts
 */
public record Settings(
        long minRuntimeBeforePreemption,
        long reservationWindow,
        double pastUsageWeight,
        boolean headsFirst,
        boolean backfill,
        boolean fairSharePreemption,
        boolean lendHeld,
        boolean aboveShareOnLoan,
        double debtWeight) {
    public static final Settings DEFAULTS = new Settings(300_000, 3_600_000, 0.0);

    public Settings(long minRuntimeBeforePreemption, long reservationWindow, double pastUsageWeight) {
        this(minRuntimeBeforePreemption, reservationWindow, pastUsageWeight, false);
    }

    /** Backfill on: it changes nothing for trials without a runtime bound. */
    public Settings(
            long minRuntimeBeforePreemption, long reservationWindow, double pastUsageWeight, boolean headsFirst) {
        this(minRuntimeBeforePreemption, reservationWindow, pastUsageWeight, headsFirst, true);
    }

    /** Fair-share preemption off: only nominal-quota reclaim preempts. */
    public Settings(
            long minRuntimeBeforePreemption,
            long reservationWindow,
            double pastUsageWeight,
            boolean headsFirst,
            boolean backfill) {
        this(minRuntimeBeforePreemption, reservationWindow, pastUsageWeight, headsFirst, backfill, false);
    }

    /** Held resources are not lent: only EASY backfill uses them. */
    public Settings(
            long minRuntimeBeforePreemption,
            long reservationWindow,
            double pastUsageWeight,
            boolean headsFirst,
            boolean backfill,
            boolean fairSharePreemption) {
        this(
                minRuntimeBeforePreemption,
                reservationWindow,
                pastUsageWeight,
                headsFirst,
                backfill,
                fairSharePreemption,
                false);
    }

    /** What a tenant runs beyond its fair share is its own, unless lent out of a reservation. */
    public Settings(
            long minRuntimeBeforePreemption,
            long reservationWindow,
            double pastUsageWeight,
            boolean headsFirst,
            boolean backfill,
            boolean fairSharePreemption,
            boolean lendHeld) {
        this(
                minRuntimeBeforePreemption,
                reservationWindow,
                pastUsageWeight,
                headsFirst,
                backfill,
                fairSharePreemption,
                lendHeld,
                false);
    }

    /** Fair-share debts are ignored. */
    public Settings(
            long minRuntimeBeforePreemption,
            long reservationWindow,
            double pastUsageWeight,
            boolean headsFirst,
            boolean backfill,
            boolean fairSharePreemption,
            boolean lendHeld,
            boolean aboveShareOnLoan) {
        this(
                minRuntimeBeforePreemption,
                reservationWindow,
                pastUsageWeight,
                headsFirst,
                backfill,
                fairSharePreemption,
                lendHeld,
                aboveShareOnLoan,
                0);
    }

    /** These settings with fair-share preemption on or off, the rest unchanged. */
    public Settings withFairSharePreemption(boolean on) {
        return new Settings(
                minRuntimeBeforePreemption,
                reservationWindow,
                pastUsageWeight,
                headsFirst,
                backfill,
                on,
                lendHeld,
                aboveShareOnLoan,
                debtWeight);
    }

    /** These settings with lending held resources on or off, the rest unchanged. */
    public Settings withLendHeld(boolean on) {
        return new Settings(
                minRuntimeBeforePreemption,
                reservationWindow,
                pastUsageWeight,
                headsFirst,
                backfill,
                fairSharePreemption,
                on,
                aboveShareOnLoan,
                debtWeight);
    }

    /** These settings with loans above the fair share on or off, the rest unchanged. */
    public Settings withAboveShareOnLoan(boolean on) {
        return new Settings(
                minRuntimeBeforePreemption,
                reservationWindow,
                pastUsageWeight,
                headsFirst,
                backfill,
                fairSharePreemption,
                lendHeld,
                on,
                debtWeight);
    }

    public Settings {
        if (minRuntimeBeforePreemption < 0 || reservationWindow < 0 || pastUsageWeight < 0 || !(debtWeight >= 0)) {
            throw new IllegalArgumentException("settings must not be negative");
        }
    }
}
