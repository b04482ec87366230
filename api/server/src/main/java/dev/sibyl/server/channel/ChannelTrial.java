package dev.sibyl.server.channel;

import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.server.metric.MetricBatcher;
import java.util.Objects;

/**
 * What the trial channel needs to know about the trial behind a channel URL.
 *
 * @param parameterRecord the NNI ParameterRecord JSON text the trial receives
 */
public record ChannelTrial(ExperimentStatus experimentStatus, String parameterRecord) {
    public ChannelTrial {
        Objects.requireNonNull(experimentStatus, "experimentStatus");
        Objects.requireNonNull(parameterRecord, "parameterRecord");
    }

    /** The experiment has ended (stopped, done, failed): its trials have nobody left to talk to. */
    public boolean experimentFinished() {
        return !MetricBatcher.acceptsReports(experimentStatus);
    }
}
