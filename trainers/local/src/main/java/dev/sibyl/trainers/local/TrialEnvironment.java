package dev.sibyl.trainers.local;

import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.sdk.PythonSdk;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds a trial's environment: the service's base environment, then the launch's variables, then the NNI_* and
 * SIBYL_* variables of the trial (which win), then CUDA_VISIBLE_DEVICES when the launch asked for GPU scheduling,
 * and finally the bundled SDK on PYTHONPATH unless {@code import nni} already works there.
 */
final class TrialEnvironment {
    private static final List<String> PYTHON_LOOKUP_VARIABLES = List.of(
            "PATH",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONUSERBASE",
            "PYTHONNOUSERSITE",
            "VIRTUAL_ENV",
            "CONDA_PREFIX",
            "HOME");
    private static final long IMPORT_CHECK_SECONDS = 60;

    private final Map<String, String> base;
    private final Path sdkDirectory;
    private final Map<List<String>, Boolean> nniImportable = new ConcurrentHashMap<>();
    private volatile boolean sdkExtracted;

    TrialEnvironment(Map<String, String> base, Path sdkDirectory) {
        this.base = Map.copyOf(base);
        this.sdkDirectory = sdkDirectory;
    }

    Map<String, String> base() {
        return base;
    }

    /**
     * @param gpus GPUs given to the trial; {@code null} leaves CUDA_VISIBLE_DEVICES as inherited (no GPU
     *     scheduling), an empty list hides every GPU
     */
    Map<String, String> build(TrialLaunch launch, TrialFiles files, List<Integer> gpus) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(launch.environment());
        String trialDirectory = files.directory().toString();
        env.put("NNI_PLATFORM", "local");
        env.put("NNI_EXP_ID", launch.experimentId());
        env.put("NNI_TRIAL_JOB_ID", launch.trialId());
        env.put("NNI_SYS_DIR", trialDirectory);
        env.put("NNI_OUTPUT_DIR", trialDirectory);
        env.put("NNI_TRIAL_SEQ_ID", Long.toString(launch.sequenceId()));
        env.put("NNI_CODE_DIR", files.code().toString());
        env.put("SIBYL_EXPERIMENT_ID", launch.experimentId());
        env.put("SIBYL_TRIAL_ID", launch.trialId());
        if (gpus != null) {
            StringBuilder devices = new StringBuilder();
            for (int index : gpus) {
                devices.append(devices.length() == 0 ? "" : ",").append(index);
            }
            env.put("CUDA_VISIBLE_DEVICES", devices.toString());
        }
        if (!nniImportable(env, files.code())) {
            String sdk = sdk().toString();
            String current = env.get("PYTHONPATH");
            env.put("PYTHONPATH", current == null || current.isEmpty() ? sdk : sdk + File.pathSeparator + current);
        }
        return env;
    }

    private Path sdk() {
        if (!sdkExtracted) {
            synchronized (this) {
                if (!sdkExtracted) {
                    PythonSdk.extractTo(sdkDirectory);
                    sdkExtracted = true;
                }
            }
        }
        return sdkDirectory;
    }

    /** Whether {@code python3 -c "import nni"} succeeds in {@code env} (a user-installed NNI is kept). */
    private boolean nniImportable(Map<String, String> env, Path workingDirectory) {
        List<String> key = new ArrayList<>();
        for (String name : PYTHON_LOOKUP_VARIABLES) {
            key.add(name + "=" + env.get(name));
        }
        return nniImportable.computeIfAbsent(key, k -> runImportCheck(env, workingDirectory));
    }

    private static boolean runImportCheck(Map<String, String> env, Path workingDirectory) {
        Path python = findOnPath(env.getOrDefault("PATH", ""), "python3");
        if (python == null) {
            return false;
        }
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", "import nni")
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process check = pb.start();
            if (!check.waitFor(IMPORT_CHECK_SECONDS, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Path findOnPath(String path, String name) {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
