package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsJsonAndYamlFilesInsideTheDirectory() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/space.json"), "{\"a\": {\"_type\": \"choice\", \"_value\": [1]}}");
        Files.writeString(dir.resolve("space.yml"), "b:\n  _type: choice\n  _value: [x]\n");
        SearchSpaceSource source = SearchSpaceSource.within(dir);

        assertThat(source.load("conf/space.json"))
                .contains(Map.of("a", Map.of("_type", "choice", "_value", List.of(1))));
        assertThat(source.load("./conf/../space.yml"))
                .contains(Map.of("b", Map.of("_type", "choice", "_value", List.of("x"))));
        assertThat(source.load("missing.json")).isEmpty();
        assertThat(source.load("conf")).isEmpty();
    }

    @Test
    void refusesPathsOutsideTheDirectory() throws IOException {
        Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-secret.json"), "{}");
        SearchSpaceSource source = SearchSpaceSource.within(dir);
        for (String path : List.of(outside.toString(), "../" + outside.getFileName(), "~/space.json")) {
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> source.load(path));
            assertThat(e).as(path).isNotNull();
            assertThat(e.violations()).extracting(Violation::field).containsExactly("searchSpaceFile");
        }
        Files.delete(outside);
    }

    @Test
    void reportsUnparseableAndEmptyFilesOnSearchSpaceFile() throws IOException {
        Files.writeString(dir.resolve("bad.json"), "{\"a\": [1, 2}");
        Files.writeString(dir.resolve("empty.json"), "  \n");
        SearchSpaceSource source = SearchSpaceSource.within(dir);

        InvalidInputException bad = catchThrowableOfType(InvalidInputException.class, () -> source.load("bad.json"));
        assertThat(bad.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("searchSpaceFile");
            assertThat(v.message()).contains("line 1");
        });
        InvalidInputException empty =
                catchThrowableOfType(InvalidInputException.class, () -> source.load("empty.json"));
        assertThat(empty.violations()).containsExactly(new Violation("searchSpaceFile", "is empty"));
    }

    @Test
    void theParserPassesThePathAsWrittenToTheSource() {
        List<String> asked = new ArrayList<>();
        NniConfigParser.parse(
                """
                search_space_file: ../shared/space.json
                trialCommand: python3 t.py
                trialConcurrency: 1
                tuner: {name: TestRandom}
                trainingService: {platform: local}
                """,
                path -> {
                    asked.add(path);
                    return Optional.of(Map.of());
                },
                Fixtures.ALGORITHMS);
        assertThat(asked).containsExactly("../shared/space.json");
    }
}
