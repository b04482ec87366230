package dev.sibyl.config;

import dev.sibyl.tuner.spi.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link NniConfigParser} finds the file a config names in {@code searchSpaceFile} (v1: {@code
 * searchSpacePath}). Implementations may throw {@link InvalidInputException} (field {@code searchSpaceFile})
 * when the file exists but cannot be read as JSON or YAML; {@link #parseText} does that parsing.
 */
@FunctionalInterface
public interface SearchSpaceSource {
    /**
     * The parsed JSON (or YAML) content of the file at {@code path}, or empty when there is no such file.
     *
     * @param path the path exactly as written in the config
     */
    Optional<Object> load(String path);

    /**
     * Reads files inside {@code directory} only (e.g. an unpacked code archive): relative paths are resolved
     * against it; absolute paths, {@code ~} and paths leaving the directory are rejected.
     */
    static SearchSpaceSource within(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        return path -> {
            if (path.startsWith("~") || Path.of(path).isAbsolute()) {
                throw new InvalidInputException(
                        "searchSpaceFile", "must be a path relative to the code directory, got '" + path + "'");
            }
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root)) {
                throw new InvalidInputException(
                        "searchSpaceFile", "must stay inside the code directory, got '" + path + "'");
            }
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(parseText(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * A search space file's content as JSON values: read as JSON, and as YAML when it is not JSON (NNI does
     * the same).
     *
     * @throws InvalidInputException on field {@code searchSpaceFile} when the text is neither
     */
    static Object parseText(String text) {
        return YamlText.readSearchSpaceFile(text);
    }
}
