package dev.sibyl.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sibyl.tuner.spi.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns config and search-space text into JSON values (maps, lists, strings, numbers, booleans). Config
 * files are YAML (JSON is YAML too); search space files are JSON, falling back to YAML, as in NNI. Duplicate
 * keys are rejected with their position rather than silently overwritten.
 */
final class YamlText {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private YamlText() {}

    /** The config document; a violation on field {@code config} with line and column when malformed. */
    static Object readConfig(String text) {
        try {
            return read(YAML, text).orElseThrow(() -> new InvalidInputException("config", "is empty"));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("config", describe("is not valid YAML", e));
        }
    }

    static Object readSearchSpaceFile(String text) {
        Optional<Object> value;
        try {
            value = read(JSON, text);
        } catch (JsonProcessingException notJson) {
            try {
                value = read(YAML, text);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("searchSpaceFile", describe("is neither valid JSON nor YAML", e));
            }
        }
        return value.orElseThrow(() -> new InvalidInputException("searchSpaceFile", "is empty"));
    }

    /** The document's value; empty when the text holds no document at all (only blanks or comments). */
    private static Optional<Object> read(ObjectMapper mapper, String text) throws JsonProcessingException {
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(mapper.readValue(parser, Object.class));
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    /** {@code what} with the position and the parser's own explanation, without any source excerpt. */
    static String describe(String what, JsonProcessingException e) {
        String where = "";
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // SnakeYAML's own mark is where the problem is; Jackson's location is the last good token
            where = " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                    + (yaml.getProblemMark().getColumn() + 1);
        } else if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            JsonLocation at = e.getLocation();
            where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        // SnakeYAML explanations interleave source excerpts (indented) and "in 'reader', line..." marks
        List<String> parts = new ArrayList<>();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (String line : original.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                parts.add(line.strip());
            }
        }
        return what + where + (parts.isEmpty() ? "" : ": " + String.join("; ", parts));
    }
}
