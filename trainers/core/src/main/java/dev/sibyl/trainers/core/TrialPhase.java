package dev.sibyl.trainers.core;

/** Where a trial stands on its training service. */
public enum TrialPhase {
    /** Accepted but not started (for example waiting for a free GPU). */
    WAITING,
    RUNNING,
    /** Exited with code 0. */
    SUCCEEDED,
    /** Exited with a non-zero code, or could not be started. */
    FAILED,
    /** Ended because {@link TrainingService#cancel} was called. */
    CANCELED,
    /**
     * The machine that ran the trial stayed unreachable for longer than the service allows, or was already
     * unhealthy when the trial was handed to it: the trial did not finish and its result will never arrive. The
     * caller ends it and queues its parameters again; the service stops it if the machine comes back.
     */
    LOST,
    /** The service has no record of this trial (never submitted here, or its traces are gone). */
    UNKNOWN;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
