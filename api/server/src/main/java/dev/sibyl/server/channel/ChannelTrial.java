package dev.sibyl.server.channel;

import dev.sibyl.scheduler.experiment.ExperimentStatus;
import java.util.Objects;

/**
 * What the trial channel needs to know about the trial behind a channel URL.
 *
 * @param parameterRecord the NNI ParameterRecord JSON text the trial receives
 */
public record ChannelTrial(long tenantId, ExperimentStatus experimentStatus, String parameterRecord) {
    public ChannelTrial {
        Objects.requireNonNull(experimentStatus, "experimentStatus");
        Objects.requireNonNull(parameterRecord, "parameterRecord");
    }

    /** The experiment has ended (stopped, done, failed): its trials have nobody left to talk to. */
    public boolean experimentFinished() {
        return finished(experimentStatus);
    }

    static boolean finished(ExperimentStatus status) {
        return status == ExperimentStatus.STOPPED
                || status == ExperimentStatus.DONE
                || status == ExperimentStatus.ERROR
                || status == ExperimentStatus.VIEWED;
    }
}
