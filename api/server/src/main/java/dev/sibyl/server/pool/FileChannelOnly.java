package dev.sibyl.server.pool;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trials on machines that cannot reach this server (a firewall, no route back: NNI's most common remote
 * complaint) get no HTTP channel address, so the trial SDK writes metrics to the file channel, which the training
 * service reads back (over SFTP for remote machines). Set with {@code httpChannel: false}.
 */
final class FileChannelOnly implements TrainingService {
    static final String CHANNEL_VARIABLE = "NNI_TRIAL_COMMAND_CHANNEL";

    private final TrainingService service;

    FileChannelOnly(TrainingService service) {
        this.service = service;
    }

    @Override
    public String platform() {
        return service.platform();
    }

    @Override
    public void submit(TrialLaunch launch) {
        Map<String, String> environment = new HashMap<>(launch.environment());
        environment.remove(CHANNEL_VARIABLE);
        service.submit(new TrialLaunch(
                launch.experimentId(),
                launch.trialId(),
                launch.sequenceId(),
                launch.parameterRecord(),
                launch.trialCommand(),
                launch.codeDirectory(),
                launch.gpuNumber(),
                environment,
                launch.placement()));
    }

    @Override
    public TrialState poll(String trialId) {
        return service.poll(trialId);
    }

    @Override
    public void cancel(String trialId) {
        service.cancel(trialId);
    }

    @Override
    public MetricBatch readMetrics(String trialId, long offset) {
        return service.readMetrics(trialId, offset);
    }

    @Override
    public Optional<InputStream> openLog(String trialId, LogName log) throws IOException {
        return service.openLog(trialId, log);
    }

    @Override
    public void close() {
        service.close();
    }
}
