package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test-only algorithms registered for these tests are real, working algorithms. */
class TestAlgorithmsTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of(
            "a", Map.of("_type", "choice", "_value", List.of(1, 2)),
            "b", Map.of("_type", "choice", "_value", List.of("x", "y", "z"))));

    @Test
    void testGridWalksEveryCombinationOnceThenIsExhausted() {
        Tuner grid = Fixtures.ALGORITHMS.tuner("TestGrid").orElseThrow().create(Settings.empty(), SPACE, 1);
        List<Map<String, Object>> first = grid.ask(History.empty(), 4);
        History history = History.empty();
        for (int i = 0; i < first.size(); i++) {
            history = history.plus(Observation.pending(i, first.get(i)));
        }
        List<Map<String, Object>> rest = grid.ask(history, 10);

        assertThat(first).hasSize(4);
        assertThat(rest).hasSize(2);
        assertThat(first.get(0)).isEqualTo(Map.of("a", 1, "b", "x"));
        assertThat(rest.get(1)).isEqualTo(Map.of("a", 2, "b", "z"));
    }

    @Test
    void testRandomIsReproducibleForASeedAndStaysInsideTheSpace() {
        var factory = Fixtures.ALGORITHMS.tuner("TestRandom").orElseThrow();
        List<Map<String, Object>> one =
                factory.create(Settings.empty(), SPACE, 42).ask(History.empty(), 5);
        List<Map<String, Object>> two =
                factory.create(Settings.empty(), SPACE, 42).ask(History.empty(), 5);
        assertThat(one).isEqualTo(two);
        assertThat(one).allSatisfy(p -> assertThat(SPACE.check(p)).isEmpty());
    }

    @Test
    void testMedianstopStopsATrialBelowTheMedianOfFinishedTrials() {
        Assessor assessor = Fixtures.ALGORITHMS
                .assessor("TestMedianstop")
                .orElseThrow()
                .create(new Settings(Map.of("start_step", 2)));
        Observation good1 = new Observation(1, Map.of(), Observation.Outcome.SUCCEEDED, 0.9, List.of(0.8, 0.9));
        Observation good2 = new Observation(2, Map.of(), Observation.Outcome.SUCCEEDED, 0.7, List.of(0.6, 0.7));
        Observation weak = new Observation(3, Map.of(), Observation.Outcome.PENDING, null, List.of(0.1, 0.2));
        Observation early = new Observation(4, Map.of(), Observation.Outcome.PENDING, null, List.of(0.1));
        History history = new History(List.of(good1, good2, weak, early));

        assertThat(assessor.assess(weak, history)).isEqualTo(Assessor.Verdict.BAD);
        assertThat(assessor.assess(early, history)).isEqualTo(Assessor.Verdict.GOOD);
    }
}
