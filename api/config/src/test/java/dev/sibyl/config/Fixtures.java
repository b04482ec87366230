package dev.sibyl.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: files under src/test/resources/fixtures and the test-only algorithms. */
final class Fixtures {
    static final Algorithms ALGORITHMS = Algorithms.load(Fixtures.class.getClassLoader());

    /** A config without its algorithm sections: a choice space, a trial command, concurrency 1, local. */
    static final String WITHOUT_ALGORITHMS = """
            searchSpace: {opt: {_type: choice, _value: [sgd, adam]}}
            trialCommand: python3 t.py
            trialConcurrency: 1
            trainingService: {platform: local}
            """;

    private Fixtures() {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SearchSpaceSource files() {
        return SearchSpaceSource.within(dir());
    }

    static ParsedConfig parse(String text) {
        return NniConfigParser.parse(text, files(), ALGORITHMS);
    }

    static ParsedConfig parseFile(String name) {
        return parse(read(name));
    }

    static List<Violation> violations(String text) {
        InvalidInputException e = catchThrowableOfType(
                InvalidInputException.class, () -> NniConfigParser.parse(text, files(), ALGORITHMS));
        if (e == null) {
            throw new AssertionError("expected the config to be rejected:\n" + text);
        }
        return e.violations();
    }

    static List<String> fields(String text) {
        return violations(text).stream().map(Violation::field).toList();
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
