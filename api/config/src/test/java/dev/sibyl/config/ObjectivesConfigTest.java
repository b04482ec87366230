package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectivesConfigTest {
    private static final String REST = Fixtures.WITHOUT_ALGORITHMS;

    @Test
    void readsObjectivesInOrderWithTheirDirections() {
        ParsedConfig parsed = Fixtures.parse(REST + """
                tuner: {name: TestRandom}
                objectives:
                  - {metric: accuracy, mode: maximize}
                  - {metric: latency_ms, mode: Minimize}
                """);
        assertThat(parsed.config().objectives())
                .containsExactly(
                        new Objective("accuracy", OptimizeMode.MAXIMIZE),
                        new Objective("latency_ms", OptimizeMode.MINIMIZE));
        assertThat(parsed.config().multiObjective()).isTrue();
        assertThat(parsed.canonical().get("objectives"))
                .isEqualTo(List.of(
                        Map.of("metric", "accuracy", "mode", "maximize"),
                        Map.of("metric", "latency_ms", "mode", "minimize")));
    }

    @Test
    void anNniConfigWithoutObjectivesIsUnchanged() {
        ParsedConfig parsed = Fixtures.parse(REST + "tuner: {name: TestRandom}\n");
        assertThat(parsed.config().objectives()).isEmpty();
        assertThat(parsed.config().multiObjective()).isFalse();
        assertThat(parsed.canonical()).doesNotContainKey("objectives");
    }

    /** Checks that {@code sections} after the common fields give one violation, of {@code field}, saying {@code words}. */
    private static void assertRefused(String sections, String field, String... words) {
        List<Violation> found = Fixtures.violations(REST + sections);
        assertThat(found).extracting(Violation::field).containsExactly(field);
        assertThat(found.get(0).message()).contains(words);
    }

    @Test
    void anUnknownModeIsAViolationOfThatEntrysMode() {
        assertRefused(
                "tuner: {name: TestRandom}\n"
                        + "objectives: [{metric: accuracy, mode: maximize}, {metric: latency_ms, mode: fastest}]\n",
                "objectives[1].mode",
                "'maximize' or 'minimize'",
                "fastest");
    }

    @Test
    void aMetricNamedTwiceIsAViolationOfTheSecondEntry() {
        assertThat(Fixtures.fields(REST + """
                        tuner: {name: TestRandom}
                        objectives: [{metric: acc, mode: maximize}, {metric: lat, mode: minimize}, {metric: acc, mode: minimize}]
                        """)).containsExactly("objectives[2].metric");
    }

    @Test
    void fewerThanTwoObjectivesAreRefused() {
        assertThat(Fixtures.fields(REST + "tuner: {name: TestRandom}\nobjectives: [{metric: acc, mode: maximize}]\n"))
                .containsExactly("objectives");
        assertThat(Fixtures.fields(REST + "tuner: {name: TestRandom}\nobjectives: []\n"))
                .containsExactly("objectives");
    }

    @Test
    void missingOrMistypedEntryFieldsAreNamed() {
        assertThat(Fixtures.fields(REST + """
                        tuner: {name: TestRandom}
                        objectives: [{metric: acc}, {mode: minimize}, {metric: x, mode: minimize, weight: 2}]
                        """))
                .containsExactlyInAnyOrder("objectives[0].mode", "objectives[1].metric", "objectives[2].weight");
        assertThat(Fixtures.fields(REST + "tuner: {name: TestRandom}\nobjectives: accuracy\n"))
                .containsExactly("objectives");
    }

    @Test
    void aTunerThatOptimizesOneMetricIsRefusedNamingObjectives() {
        assertRefused(
                "tuner: {name: TestGrid}\nobjectives: [{metric: acc, mode: maximize}, {metric: lat, mode: minimize}]\n",
                "objectives",
                "TestGrid",
                "single metric");
    }

    @Test
    void aCustomTunerIsRefusedNamingObjectives() {
        assertThat(Fixtures.fields(REST + """
                        tuner: {className: my.Tuner, codeDirectory: .}
                        objectives: [{metric: acc, mode: maximize}, {metric: lat, mode: minimize}]
                        """)).containsExactly("objectives");
    }
}
