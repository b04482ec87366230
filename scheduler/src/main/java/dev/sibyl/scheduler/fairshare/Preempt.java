package dev.sibyl.scheduler.fairshare;

/**
 * Stop {@code trial} and put it back in the queue. {@code reason} is for the platform's operators and may name other
 * tenants; {@link #toOwner()} is what the trial's own tenant may read.
 */
public record Preempt(RunningTrial trial, String reason, Cause cause) {
    /** Why the scheduler takes a running trial's resources back. */
    public enum Cause {
        /** A tenant below its nominal quota in the pool reclaims it from borrowers. */
        NOMINAL_QUOTA,
        /** The trial ran on GPUs lent out of a reservation, and the reserved trial needs them. */
        LOAN,
        /** A tenant below its fair share needs the machine for a gang trial ({@link Settings#fairSharePreemption()}). */
        FAIR_SHARE
    }

    /** Why the trial was stopped, in words that name no other tenant or trial. */
    public String toOwner() {
        String pool = trial.pool();
        return switch (cause) {
            case NOMINAL_QUOTA -> "another tenant reclaimed its nominal quota in pool " + pool;
            case LOAN ->
                "it ran on GPUs lent out of a reservation in pool " + pool + ", and the trial they were held for needed"
                        + " them";
            case FAIR_SHARE -> "a tenant below its fair share needed the machine for a multi-GPU trial in pool " + pool;
        };
    }
}
