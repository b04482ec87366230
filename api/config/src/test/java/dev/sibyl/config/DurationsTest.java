package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({
        "30s, 30",
        "0.5h, 1800",
        "2d, 172800",
        "1.5m, 90",
        "10m, 600",
        "2H, 7200",
        "1D, 86400",
        "0.1h, 360",
        "0.001s, 1",
        "1.01m, 61",
        ".5m, 30"
    })
    void readsNumberWithUnitRoundingUpToWholeSeconds(String text, long seconds) {
        assertThat(Durations.parse(text, "maxTrialDuration")).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void readsIntegersAsSeconds() {
        assertThat(Durations.parse(3600, "maxExperimentDuration")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse(86_400L * 400, "maxExperimentDuration")).isEqualTo(Duration.ofDays(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3600", "2 hours", "h", "1.5", "-5s", "0s", "1w", "1hm", "", "1e400000h"})
    void rejectsTextThatIsNotAPositiveNumberWithUnit(String text) {
        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> Durations.parse(text, "maxTrialDuration"));
        assertThat(e).as(text).isNotNull();
        assertThat(e.violations()).extracting(Violation::field).containsExactly("maxTrialDuration");
    }

    @Test
    void rejectsNonPositiveNumbersBooleansAndFloatsNamingTheField() {
        for (Object bad : new Object[] {0, -10, true, 1.5, List.of(1)}) {
            InvalidInputException e = catchThrowableOfType(
                    InvalidInputException.class, () -> Durations.parse(bad, "maxExperimentDuration"));
            assertThat(e).as(String.valueOf(bad)).isNotNull();
            assertThat(e.violations()).extracting(Violation::field).containsExactly("maxExperimentDuration");
        }
    }

    @Test
    void theConfigKeepsDurationsAsWrittenAndTypesThemAsSeconds() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpace: {}
                trialCommand: python3 t.py
                trialConcurrency: 1
                maxExperimentDuration: 0.5h
                maxTrialDuration: 90
                tuner: {name: TestRandom}
                trainingService: {platform: local}
                """);
        assertThat(parsed.config().maxExperimentDuration()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(parsed.config().maxTrialDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parsed.canonical()).containsEntry("maxExperimentDuration", "0.5h");
        assertThat(parsed.canonical()).containsEntry("maxTrialDuration", 90);
    }
}
