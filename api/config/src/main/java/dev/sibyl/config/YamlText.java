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
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new InvalidInputException("config", "is empty");
            }
            return YAML.readValue(parser, Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("config", describe("is not valid YAML", e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    static Object readSearchSpaceFile(String text) {
        Object value;
        try {
            value = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException notJson) {
            try {
                value = YAML.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("searchSpaceFile", describe("is neither valid JSON nor YAML", e));
            }
        }
        if (value == null) {
            throw new InvalidInputException("searchSpaceFile", "is empty");
        }
        return value;
    }

    /** {@code what} with the position and the parser's own explanation, without any source excerpt. */
    static String describe(String what, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0
                ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
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
