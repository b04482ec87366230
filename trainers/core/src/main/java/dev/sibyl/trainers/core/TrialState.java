package dev.sibyl.trainers.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A training service's view of one trial.
 *
 * @param exitCode process exit code when known
 * @param startedAt when the trial process started, when known
 * @param endedAt when it ended, when known
 * @param message a human-readable reason for FAILED / CANCELED, or null
 */
public record TrialState(TrialPhase phase, Integer exitCode, Instant startedAt, Instant endedAt, String message) {
    public TrialState {
        Objects.requireNonNull(phase, "phase");
    }

    public static TrialState unknown() {
        return new TrialState(TrialPhase.UNKNOWN, null, null, null, null);
    }
}
