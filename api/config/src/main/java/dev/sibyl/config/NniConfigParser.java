package dev.sibyl.config;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses, validates and canonicalizes NNI experiment configs (v2, or legacy v1 converted to v2) exactly as
 * NNI does (NNI-REFERENCE §1), plus the checks NNI leaves to run time: the search space (§2), the algorithm
 * names and their classArgs.
 *
 * <p>Keys match case- and underscore-insensitively at every config level ({@code trial_command} ≡ {@code
 * trialCommand}), but never inside {@code searchSpace}, {@code classArgs} or other free-form mappings.
 * Unknown keys are errors naming the key as written; {@code null} means not set. Every violation carries the
 * canonical camelCase path of the offending field ({@code trainingService.gpuIndices}, {@code
 * tuner.classArgs.optimize_mode}, {@code searchSpace.lr._value}, {@code trainingService[1].platform}); a
 * converted v1 config is reported with the paths of its v2 form. Stateless and thread-safe.
 */
public final class NniConfigParser {
    private NniConfigParser() {}

    /**
     * Parses NNI v2 or v1 (detected by a top-level {@code trainingServicePlatform}) YAML or JSON text.
     *
     * @param text the config file content
     * @param searchSpaceSource loads the file named by {@code searchSpaceFile}
     * @param algorithms the tuners and assessors {@code tuner.name} / {@code assessor.name} may name; their
     *     factories validate the classArgs
     * @throws InvalidInputException listing every violation found
     */
    public static ParsedConfig parse(String text, SearchSpaceSource searchSpaceSource, Algorithms algorithms) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(searchSpaceSource, "searchSpaceSource");
        Objects.requireNonNull(algorithms, "algorithms");
        if (text.isBlank()) {
            throw new InvalidInputException("config", "is empty");
        }
        Object document = YamlText.readConfig(text);
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidInputException(
                    "config", "must be a mapping of config fields, got " + JsonTree.describe(document));
        }
        Map<String, Object> config = JsonTree.stringKeys(map);
        List<String> warnings = new ArrayList<>();
        boolean v1 = V1Converter.isV1(config);
        if (v1) {
            config = V1Converter.toV2(config, warnings);
        }
        return new ExperimentReader(searchSpaceSource, algorithms, warnings).read(config, v1);
    }
}
