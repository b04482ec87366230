package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectivesConfigTest {
    private static final String REST = """
            searchSpace: {opt: {_type: choice, _value: [sgd, adam]}}
            trialCommand: python3 t.py
            trialConcurrency: 1
            trainingService: {platform: local}
            """;

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

    @Test
    void anUnknownModeIsAViolationOfThatEntrysMode() {
        List<Violation> found = Fixtures.violations(REST + """
                tuner: {name: TestRandom}
                objectives: [{metric: accuracy, mode: maximize}, {metric: latency_ms, mode: fastest}]
                """);
        assertThat(found).extracting(Violation::field).containsExactly("objectives[1].mode");
        assertThat(found.get(0).message()).contains("'maximize' or 'minimize'", "fastest");
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
        List<Violation> found = Fixtures.violations(REST + """
                tuner: {name: TestGrid}
                objectives: [{metric: acc, mode: maximize}, {metric: lat, mode: minimize}]
                """);
        assertThat(found).extracting(Violation::field).containsExactly("objectives");
        assertThat(found.get(0).message()).contains("TestGrid", "single metric");
    }

    @Test
    void aCustomTunerIsRefusedNamingObjectives() {
        assertThat(Fixtures.fields(REST + """
                        tuner: {className: my.Tuner, codeDirectory: .}
                        objectives: [{metric: acc, mode: maximize}, {metric: lat, mode: minimize}]
                        """)).containsExactly("objectives");
    }
}
