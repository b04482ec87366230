package dev.sibyl.scheduler.experiment;

/** NNI's experiment statuses, same names and meaning. */
public enum ExperimentStatus {
    INITIALIZED,
    RUNNING,
    /** maxTrialNumber or maxExperimentDuration reached; waiting for trials in flight. */
    NO_MORE_TRIAL,
    /** The tuner has nothing more to propose; waiting for trials in flight. */
    TUNER_NO_MORE_TRIAL,
    STOPPING,
    STOPPED,
    DONE,
    ERROR,
    VIEWED;

    /** The driver has work to do: trials may still be created, run or reconciled. */
    public boolean active() {
        return this == RUNNING || this == NO_MORE_TRIAL || this == TUNER_NO_MORE_TRIAL || this == STOPPING;
    }
}
