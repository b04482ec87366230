package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialLaunch;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial's own files, packed to travel in one SFTP write: {@code parameter.cfg} and, under {@code .nni/}, the
 * launcher {@code run.sh}, the local trainer's wrapper {@code wrapper.sh}, the {@code command}, the {@code env} the
 * launcher sources and the {@code gpus} the trial holds.
 *
 * <p>The environment follows the local trainer: the launch's variables, then NNI_* and SIBYL_* (which win), then
 * {@code CUDA_VISIBLE_DEVICES} when GPUs are scheduled (empty hides every GPU), then the machine's {@code
 * pythonPath} in front of {@code PATH}. The machine's login environment is the base.
 */
final class TrialPayload {
    private TrialPayload() {}

    /**
     * @param gpus GPUs given to the trial; {@code null} leaves CUDA_VISIBLE_DEVICES as the machine has it
     * @throws TrainerException of kind REJECTED when an environment variable cannot be exported
     */
    static CodeArchive build(
            TrialLaunch launch, String trialDirectory, RemoteMachine machine, String sdkDirectory, List<Integer> gpus) {
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        env.put("NNI_PLATFORM", "remote");
        env.put("NNI_EXP_ID", launch.experimentId());
        env.put("NNI_TRIAL_JOB_ID", launch.trialId());
        env.put("NNI_SYS_DIR", trialDirectory);
        env.put("NNI_OUTPUT_DIR", trialDirectory);
        env.put("NNI_TRIAL_SEQ_ID", Long.toString(launch.sequenceId()));
        env.put("NNI_CODE_DIR", trialDirectory + "/code");
        env.put("SIBYL_EXPERIMENT_ID", launch.experimentId());
        env.put("SIBYL_TRIAL_ID", launch.trialId());
        env.put("SIBYL_SDK_DIR", sdkDirectory);
        String devices = gpus == null ? null : join(gpus);
        if (devices != null) {
            env.put("CUDA_VISIBLE_DEVICES", devices);
        }
        StringBuilder exports = new StringBuilder();
        try {
            for (Map.Entry<String, String> variable : env.entrySet()) {
                exports.append(RemoteScripts.export(variable.getKey(), variable.getValue()));
            }
        } catch (IllegalArgumentException e) {
            throw new TrainerException(TrainerException.Kind.REJECTED, e.getMessage(), e);
        }
        if (machine.pythonPath() != null && !machine.pythonPath().isBlank()) {
            exports.append("export PATH=")
                    .append(RemoteScripts.quote(machine.pythonPath()))
                    .append("\":$PATH\"\n");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("parameter.cfg", utf8(launch.parameterRecord()));
        files.put(".nni/run.sh", utf8(RemoteScripts.RUN_TRIAL));
        files.put(".nni/wrapper.sh", utf8(RemoteScripts.LOCAL_WRAPPER));
        files.put(".nni/command", utf8(launch.trialCommand()));
        files.put(".nni/env", utf8(exports.toString()));
        if (gpus != null && !gpus.isEmpty()) {
            files.put(".nni/gpus", utf8(devices + "\n"));
        }
        return CodeArchive.ofFiles(files);
    }

    private static String join(List<Integer> indices) {
        StringBuilder text = new StringBuilder();
        for (int index : indices) {
            text.append(text.length() == 0 ? "" : ",").append(index);
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
