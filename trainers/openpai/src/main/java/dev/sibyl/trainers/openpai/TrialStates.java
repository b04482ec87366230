package dev.sibyl.trainers.openpai;

import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A trial's state from its OpenPAI job and the records its wrapper left on the shared storage. OpenPAI's state
 * decides the phase; the wrapper's exit record gives the trial command's own exit code (OpenPAI's {@code
 * appExitCode} is the container's, which may be a platform code), and the job's times come first.
 */
final class TrialStates {
    private TrialStates() {}

    static TrialState of(JobStatus job, TrialStorage storage) {
        Optional<TrialStorage.ExitRecord> exit = storage.exit();
        Instant startedAt = instant(job.launchedTime(), storage.startedAt());
        switch (job.state()) {
            case "WAITING":
                return new TrialState(TrialPhase.WAITING, null, null, null, null);
            case "RUNNING":
                return new TrialState(TrialPhase.RUNNING, null, startedAt, null, null);
            case "STOPPING":
                return new TrialState(TrialPhase.RUNNING, null, startedAt, null, "stopping on OpenPAI");
            case "SUCCEEDED":
                return new TrialState(TrialPhase.SUCCEEDED, 0, startedAt, endedAt(job, exit), null);
            case "FAILED": {
                Integer code = exit.map(TrialStorage.ExitRecord::exitCode)
                        .orElse(job.containerExitCode() != null ? job.containerExitCode() : job.appExitCode());
                String message;
                if (job.diagnostics() != null && exit.isEmpty()) {
                    message = "OpenPAI: " + job.diagnostics();
                } else {
                    message = code == null ? "failed on OpenPAI without an exit code" : "exit code " + code;
                }
                return new TrialState(TrialPhase.FAILED, code, startedAt, endedAt(job, exit), message);
            }
            case "STOPPED": {
                String message = storage.cancelRequestedAt().isPresent() ? "cancelled" : "stopped on OpenPAI";
                Integer code = exit.map(TrialStorage.ExitRecord::exitCode).orElse(null);
                return new TrialState(TrialPhase.CANCELED, code, startedAt, endedAt(job, exit), message);
            }
            default: // UNKNOWN, or a state newer than this adapter
                TrialPhase phase = startedAt == null ? TrialPhase.WAITING : TrialPhase.RUNNING;
                return new TrialState(phase, null, startedAt, null, "OpenPAI reports the job as " + job.state());
        }
    }

    private static Instant endedAt(JobStatus job, Optional<TrialStorage.ExitRecord> exit) {
        if (job.completedTime() != null) {
            return Instant.ofEpochMilli(job.completedTime());
        }
        return exit.map(e -> Instant.ofEpochMilli(e.endedAtMillis())).orElse(null);
    }

    private static Instant instant(Long fromJob, OptionalLong fromStorage) {
        if (fromJob != null) {
            return Instant.ofEpochMilli(fromJob);
        }
        return fromStorage.isPresent() ? Instant.ofEpochMilli(fromStorage.getAsLong()) : null;
    }
}
