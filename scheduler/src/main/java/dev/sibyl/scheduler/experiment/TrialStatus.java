package dev.sibyl.scheduler.experiment;

/** NNI's trial statuses, same names and meaning. */
public enum TrialStatus {
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    USER_CANCELED,
    SYS_CANCELED,
    EARLY_STOPPED,
    UNKNOWN;

    public boolean finished() {
        return this == SUCCEEDED
                || this == FAILED
                || this == USER_CANCELED
                || this == SYS_CANCELED
                || this == EARLY_STOPPED;
    }
}
