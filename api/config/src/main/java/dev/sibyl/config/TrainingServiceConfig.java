package dev.sibyl.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code trainingService} entry: its {@code platform} and its canonical camelCase fields (shortcut
 * fields such as {@code trialCommand} already copied down from the top level, defaults filled), exactly as
 * they appear in the canonical config. For a hybrid config (a list of training services) {@link
 * ExperimentConfig#trainingService()} has platform {@value #HYBRID} and no settings, and {@link
 * ExperimentConfig#trainingServices()} holds the entries.
 *
 * @param platform {@code local}, {@code remote}, {@code openpai}, {@code aml}, {@code dlc}, {@code
 *     kubeflow}, {@code frameworkcontroller} or {@value #HYBRID}
 * @param settings every canonical field of the entry, {@code platform} included; unmodifiable
 */
public record TrainingServiceConfig(String platform, Map<String, Object> settings) {
    public static final String HYBRID = "hybrid";

    public TrainingServiceConfig {
        Objects.requireNonNull(platform, "platform");
        settings = JsonTree.freezeMap(settings == null ? Map.of() : settings);
    }

    /** Local (and remote machine) {@code gpuIndices}: the GPUs trials may use, or null when unrestricted. */
    public List<Integer> gpuIndices() {
        return intList(settings.get("gpuIndices"));
    }

    /** Local {@code maxTrialNumberPerGpu}: how many trials may share one GPU; 1 when unset. */
    public int maxTrialNumberPerGpu() {
        return settings.get("maxTrialNumberPerGpu") instanceof Integer i ? i : 1;
    }

    /**
     * Local {@code useActiveGpu}: whether GPUs already used by other processes may be given to trials; null
     * when unset (allowed only when trials use no GPU).
     */
    public Boolean useActiveGpu() {
        return settings.get("useActiveGpu") instanceof Boolean b ? b : null;
    }

    /** GPUs per trial; null means no GPU scheduling at all, 0 means trials see no GPU. */
    public Integer trialGpuNumber() {
        return settings.get("trialGpuNumber") instanceof Integer i ? i : null;
    }

    /** The shell command that runs one trial, or null (hybrid; kubeflow and frameworkcontroller use ''). */
    public String trialCommand() {
        return settings.get("trialCommand") instanceof String s ? s : null;
    }

    /** The pool named by Sibyl's {@code platform: pool} extension, or null for NNI's platforms. */
    public String pool() {
        return "pool".equals(platform) && settings.get("pool") instanceof String s ? s : null;
    }

    /** Whether the platform runs trials in NNI's reusable environments; false when the platform has no such mode. */
    public boolean reuseMode() {
        return Boolean.TRUE.equals(settings.get("reuseMode"));
    }

    private static List<Integer> intList(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        return list.stream().map(v -> ((Number) v).intValue()).toList();
    }
}
