package dev.sibyl.config;

import dev.sibyl.tuner.spi.Settings;
import java.util.Map;

/**
 * A {@code tuner}, {@code assessor} (or deprecated {@code advisor}) section of an NNI config. A built-in (or
 * registered) algorithm has a {@code name} and neither {@code className} nor {@code codeDirectory}; a custom
 * algorithm has {@code className} ({@code "module.ClassName"}) and {@code codeDirectory} and no {@code name}.
 *
 * @param name the algorithm name as written (matched case-insensitively, aliases allowed), or null
 * @param className the custom algorithm class, or null
 * @param codeDirectory the custom algorithm's directory as written, or null
 * @param classArgs the constructor arguments, verbatim (keys are not normalized; null values kept); empty
 *     when not given
 */
public record AlgorithmConfig(String name, String className, String codeDirectory, Map<String, Object> classArgs) {
    public AlgorithmConfig {
        if (className == null) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a built-in algorithm needs a name");
            }
            if (codeDirectory != null) {
                throw new IllegalArgumentException("codeDirectory is only for custom algorithms");
            }
        } else if (name != null || codeDirectory == null) {
            throw new IllegalArgumentException("a custom algorithm has className and codeDirectory and no name");
        }
        classArgs = JsonTree.freezeMap(classArgs == null ? Map.of() : classArgs);
    }

    /** True for a built-in or registered algorithm (found by {@link #name}). */
    public boolean builtin() {
        return className == null;
    }

    /** {@link #classArgs} as the SPI's {@link Settings}, with paths starting at {@code classArgs}. */
    public Settings settings() {
        return new Settings(classArgs, "classArgs");
    }
}
