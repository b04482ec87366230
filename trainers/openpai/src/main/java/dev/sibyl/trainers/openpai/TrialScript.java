package dev.sibyl.trainers.openpai;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialLaunch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What runs inside the job's container. The job protocol carries only a short command that enters the trial's
 * code directory on the shared storage and runs the wrapper {@code .nni/run.sh} with stdout and stderr appended to
 * files of the storage; the wrapper (written to the storage, so per-trial secrets of the environment never appear
 * in the protocol other OpenPAI users can read) sets the NNI environment, runs the trial command with bash and
 * records its start and exit in {@code .nni/}.
 */
final class TrialScript {
    static final String PLATFORM = "openpai";

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private TrialScript() {}

    /** The single command of the job's task role. */
    static String jobCommand(TrialStorage storage) {
        return "cd " + quote(storage.inContainer(TrialStorage.CODE)) + " && bash "
                + quote(storage.inContainer(TrialStorage.RUN_SCRIPT))
                + " >>" + quote(storage.inContainer(LogName.STDOUT.fileName()))
                + " 2>>" + quote(storage.inContainer(LogName.STDERR.fileName()));
    }

    /**
     * The wrapper's text.
     *
     * @param sdkInContainer where the container sees the bundled {@code nni} SDK; put on PYTHONPATH only when the
     *     image's python cannot {@code import nni} by itself
     */
    static String runScript(TrialLaunch launch, TrialStorage storage, String sdkInContainer) {
        StringBuilder script = new StringBuilder();
        script.append("#!/bin/bash\n")
                .append("# Sibyl OpenPAI trial wrapper for trial ")
                .append(launch.trialId())
                .append(" of experiment ")
                .append(launch.experimentId())
                .append(".\n");
        environment(launch, storage)
                .forEach((name, value) -> script.append("export ")
                        .append(name)
                        .append('=')
                        .append(quote(value))
                        .append('\n'));
        script.append("nni_dir=\"$NNI_SYS_DIR/.nni\"\n")
                .append("sdk=")
                .append(quote(sdkInContainer))
                .append('\n')
                .append("if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import nni' >/dev/null 2>&1; then\n")
                .append("    export PYTHONPATH=\"$sdk${PYTHONPATH:+:$PYTHONPATH}\"\n")
                .append("fi\n")
                // A stop signals the whole container: the wrapper must outlive the command to record its exit.
                .append("trap : TERM INT HUP\n")
                .append("echo \"$(date +%s%3N)\" > \"$nni_dir/started\"\n")
                .append("\"$BASH\" -c ")
                .append(quote(launch.trialCommand()))
                .append('\n')
                .append("exit_code=$?\n")
                .append("echo \"$exit_code $(date +%s%3N)\" > \"$nni_dir/state.tmp\""
                        + " && mv -f \"$nni_dir/state.tmp\" \"$nni_dir/state\"\n")
                .append("exit $exit_code\n");
        return script.toString();
    }

    /** The launch's variables, then the NNI_* and SIBYL_* ones (which win). */
    private static Map<String, String> environment(TrialLaunch launch, TrialStorage storage) {
        Map<String, String> env = new LinkedHashMap<>();
        launch.environment().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(variable -> {
                    if (!VARIABLE_NAME.matcher(variable.getKey()).matches()) {
                        throw new TrainerException(
                                TrainerException.Kind.REJECTED,
                                "environment variable name '" + variable.getKey() + "' is not a shell identifier");
                    }
                    env.put(variable.getKey(), variable.getValue());
                });
        env.put("NNI_PLATFORM", PLATFORM);
        env.put("NNI_EXP_ID", launch.experimentId());
        env.put("NNI_TRIAL_JOB_ID", launch.trialId());
        env.put("NNI_SYS_DIR", storage.inContainer());
        env.put("NNI_OUTPUT_DIR", storage.inContainer());
        env.put("NNI_TRIAL_SEQ_ID", Long.toString(launch.sequenceId()));
        env.put("NNI_CODE_DIR", storage.inContainer(TrialStorage.CODE));
        env.put("SIBYL_EXPERIMENT_ID", launch.experimentId());
        env.put("SIBYL_TRIAL_ID", launch.trialId());
        return env;
    }

    /** {@code text} as one single-quoted shell word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
