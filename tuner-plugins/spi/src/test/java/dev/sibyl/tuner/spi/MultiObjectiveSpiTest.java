package dev.sibyl.tuner.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiObjectiveSpiTest {
    private static final List<Objective> TWO = List.of(
            new Objective("accuracy", OptimizeMode.MAXIMIZE), new Objective("latency_ms", OptimizeMode.MINIMIZE));

    @Test
    void vectorReadsEachObjectiveByKeyInObjectiveOrder() {
        Map<String, Object> reported = new LinkedHashMap<>();
        reported.put("latency_ms", 12);
        reported.put("accuracy", 0.93);
        reported.put("default", 0.93);
        assertThat(Reward.vector(reported, TWO)).contains(List.of(0.93, 12.0));
    }

    @Test
    void vectorIsEmptyWhenAKeyIsMissingOrNotANumber() {
        assertThat(Reward.vector(Map.of("accuracy", 0.9), TWO)).isEmpty();
        assertThat(Reward.vector(Map.of("accuracy", 0.9, "latency_ms", "fast"), TWO))
                .isEmpty();
        assertThat(Reward.vector(Map.of("accuracy", 0.9, "latency_ms", true), TWO))
                .isEmpty();
        assertThat(Reward.vector(0.9, TWO)).isEmpty();
    }

    @Test
    void scalarExtractionIsUnchanged() {
        assertThat(Reward.scalar(0.5)).contains(0.5);
        assertThat(Reward.scalar(Map.of("default", 2, "other", 3))).contains(2.0);
        assertThat(Reward.scalar(Map.of("other", 3))).isEmpty();
        assertThat(Reward.scalar(true)).isEmpty();
    }

    @Test
    void aMultiObjectiveObservationKeepsTheFirstValueAsItsScalar() {
        Observation o = Observation.succeeded(3, Map.of("x", 1), List.of(0.9, 12.0));
        assertThat(o.value()).isEqualTo(0.9);
        assertThat(o.values()).containsExactly(0.9, 12.0);
        assertThat(o.hasValues(2)).isTrue();
        assertThat(Observation.succeeded(4, Map.of(), 1.0).values()).isEmpty();
        assertThat(new Observation(5, Map.of(), Observation.Outcome.PENDING, null, null).values())
                .isEmpty();
    }

    @Test
    void aSingleMetricTunerRefusesSeveralObjectivesNamingTheField() {
        TunerFactory factory = new AlgorithmsTest.Named("Single", List.of());
        SearchSpace space = SearchSpace.parse(Map.of());
        assertThat(factory.validate(Settings.empty(), space, TWO))
                .extracting(Violation::field)
                .containsExactly("objectives");
        assertThatThrownBy(() -> factory.create(Settings.empty(), space, 1, TWO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objectives: tuner 'Single' optimizes a single metric");
        assertThat(factory.create(Settings.empty(), space, 1, List.of())).isNotNull();
        assertThat(factory.validate(Settings.empty(), space, TWO.subList(0, 1))).isEmpty();
    }

    @Test
    void aMetricNamedTwiceIsAViolationOfItsEntry() {
        List<Objective> twice = List.of(TWO.get(0), TWO.get(1), new Objective("accuracy", OptimizeMode.MINIMIZE));
        assertThat(Objective.check(twice, "objectives"))
                .extracting(Violation::field)
                .containsExactly("objectives[2].metric");
    }
}
