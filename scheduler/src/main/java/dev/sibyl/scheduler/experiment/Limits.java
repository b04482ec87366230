package dev.sibyl.scheduler.experiment;

import java.time.Duration;

/**
 * The experiment limits a user may change while it runs.
 *
 * @param maxTrialNumber null = unlimited
 * @param maxExperimentDuration null = unlimited; compared with the experiment's accumulated run time
 * @param maxTrialDuration null = unlimited; a trial running longer is stopped as EARLY_STOPPED
 */
public record Limits(
        int trialConcurrency, Integer maxTrialNumber, Duration maxExperimentDuration, Duration maxTrialDuration) {
    public Limits {
        if (trialConcurrency <= 0) {
            throw new IllegalArgumentException("trialConcurrency must be > 0");
        }
        if (maxTrialNumber != null && maxTrialNumber <= 0) {
            throw new IllegalArgumentException("maxTrialNumber must be > 0");
        }
    }
}
