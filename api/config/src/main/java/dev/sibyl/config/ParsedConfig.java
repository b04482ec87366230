package dev.sibyl.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link NniConfigParser#parse}: the typed config, NNI's canonical JSON of it, and what the
 * user should know.
 *
 * <p>{@code canonical} follows NNI's {@code config.json()}: camelCase keys in NNI's field order, nulls
 * dropped, defaults filled ({@code experimentType}, {@code trialCodeDirectory}, {@code useAnnotation}, {@code
 * debug}, {@code logLevel}, and each platform's defaults), the shortcut fields {@code trialCommand}, {@code
 * trialCodeDirectory}, {@code trialGpuNumber}, {@code nniManagerIp} and {@code debug} copied into every
 * training service, {@code searchSpaceFile} loaded into {@code searchSpace} and removed, {@code advisor} moved
 * to {@code tuner}, GPU index fields as lists. Two deliberate differences: durations and memory sizes stay
 * exactly as written ({@code "2h"} stays {@code "2h"}, as NNI sends them), and paths are kept as written,
 * not resolved to absolute paths, because they refer to the user's code archive rather than to this
 * machine; path defaults that only make sense on the user's machine ({@code experimentWorkingDirectory},
 * remote {@code sshKeyFile}) are not filled.
 *
 * @param config the validated, typed config
 * @param canonical the canonical v2 JSON (maps, lists, strings, numbers, booleans); unmodifiable
 * @param convertedFromV1 true when the input was a legacy v1 config ({@code trainingServicePlatform})
 * @param warnings things that were accepted but deserve the user's attention (dropped v1 fields, plain-text
 *     passwords)
 */
public record ParsedConfig(
        ExperimentConfig config, Map<String, Object> canonical, boolean convertedFromV1, List<String> warnings) {
    public ParsedConfig {
        Objects.requireNonNull(config, "config");
        canonical = JsonTree.freezeMap(Objects.requireNonNull(canonical, "canonical"));
        warnings = List.copyOf(warnings);
    }
}
