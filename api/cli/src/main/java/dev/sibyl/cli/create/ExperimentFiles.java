package dev.sibyl.cli.create;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local files an NNI experiment config points at, found by reading only the keys the client
 * needs; the server parses and validates the whole config (it alone knows the tenant's uploaded
 * algorithms and pools). Keys are matched as NNI matches them: case-insensitively with underscores
 * ignored. Relative paths are resolved against the config file's directory and {@code ~} is
 * expanded, as NNI does.
 *
 * <ul>
 *   <li>code directory: v2 {@code trialCodeDirectory}, v1 {@code trial.codeDir}, else the
 *       {@code trialCodeDirectory} of a single {@code trainingService}; default {@code .}
 *   <li>search space file: v2 {@code searchSpaceFile}, v1 {@code searchSpacePath}; optional
 * </ul>
 *
 * @param configFile the config file, absolute
 * @param configText its text, sent to the server unchanged, except that remote machines' {@code sshKeyFile}
 *     are sent as the key's text ({@link KeyFileInliner})
 * @param codeDirectory the trial code directory, absolute and normalized
 * @param searchSpaceFile the search space file, absolute and normalized, when the config names one
 */
public record ExperimentFiles(Path configFile, String configText, Path codeDirectory, Optional<Path> searchSpaceFile) {

    public ExperimentFiles {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(configText, "configText");
        Objects.requireNonNull(codeDirectory, "codeDirectory");
        Objects.requireNonNull(searchSpaceFile, "searchSpaceFile");
    }

    /**
     * Reads {@code configFile}.
     *
     * @param home the user's home directory, for {@code ~}
     * @throws InvalidConfigFileException when the file is missing, not YAML/JSON, not a mapping, or
     *     a path key is not a string
     */
    public static ExperimentFiles read(Path configFile, Path home) {
        Path config = configFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(config)) {
            throw new InvalidConfigFileException("\"" + configFile + "\" is not a valid file.");
        }
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigFileException("Cannot read " + config + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidConfigFileException("yaml file format error! " + config + ": "
                    + e.getOriginalMessage().strip());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigFileException(config + ": the top level of an experiment config must be a mapping");
        }
        Path base = config.getParent();
        Optional<String> codeDirectory = path(root, "trialCodeDirectory")
                .or(() -> field(root, "trial").flatMap(trial -> path(trial, "codeDir")))
                .or(() -> field(root, "trainingService")
                        .filter(JsonNode::isObject)
                        .flatMap(service -> path(service, "trialCodeDirectory")));
        Optional<String> searchSpace = path(root, "searchSpaceFile").or(() -> path(root, "searchSpacePath"));
        return new ExperimentFiles(
                config,
                KeyFileInliner.inline(root, text, base, home),
                resolve(codeDirectory.orElse("."), base, home),
                searchSpace.map(file -> resolve(file, base, home)));
    }

    private static Optional<String> path(JsonNode node, String key) {
        return field(node, key).map(value -> {
            if (!value.isTextual()) {
                throw new InvalidConfigFileException(key + " must be a path, not " + value);
            }
            return value.asText();
        });
    }

    /** The value of {@code key} compared the NNI way; absent when missing or null. */
    private static Optional<JsonNode> field(JsonNode node, String key) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        String wanted = canonical(key);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (canonical(field.getKey()).equals(wanted) && !field.getValue().isNull()) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    private static String canonical(String key) {
        return key.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** A path of the config: {@code ~} is the home directory, relative paths are relative to the config's folder. */
    static Path resolvePath(String value, Path base, Path home) {
        return resolve(value, base, home);
    }

    private static Path resolve(String value, Path base, Path home) {
        String text = value.strip();
        Path path;
        if (text.equals("~")) {
            path = home;
        } else if (text.startsWith("~/")) {
            path = home.resolve(text.substring(2));
        } else {
            path = base.resolve(text);
        }
        return path.toAbsolutePath().normalize();
    }
}
