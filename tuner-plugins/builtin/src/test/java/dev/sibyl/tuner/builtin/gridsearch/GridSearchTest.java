package dev.sibyl.tuner.builtin.gridsearch;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSearchTest {
    private static final double Q1 = 0.6744897501960817;

    private static Tuner grid(Map<String, Object> json) {
        return new GridSearchFactory().create(Settings.empty(), SearchSpace.parse(json), 0);
    }

    private static List<Map<String, Object>> all(Map<String, Object> json) {
        return Runs.untilExhausted(grid(json), 10_000);
    }

    @Test
    void followsTheOrderOfNnisDocumentedExample() {
        // gridsearch_tuner.py: x choice(5, 7), y normal(0, 1), z quniform(2, 3, 1).
        Tuner tuner = grid(space("x", dim("choice", 5, 7), "y", dim("normal", 0, 1), "z", dim("quniform", 2, 3, 1)));
        List<Map<String, Object>> first = tuner.ask(History.empty(), 12);
        double[][] expected = {
            {5, 0, 2},
            {7, 0, 2},
            {5, 0, 3},
            {5, -Q1, 2},
            {5, -Q1, 3},
            {5, Q1, 2},
            {5, Q1, 3},
            {7, 0, 3},
            {7, -Q1, 2},
            {7, -Q1, 3},
            {7, Q1, 2},
            {7, Q1, 3}
        };
        assertThat(first).hasSize(12);
        for (int i = 0; i < 12; i++) {
            Map<String, Object> p = first.get(i);
            assertThat(p.get("x")).as("point %s", i).isEqualTo((int) expected[i][0]);
            assertThat((Double) p.get("y")).as("point %s", i).isCloseTo(expected[i][1], offset(1e-15));
            assertThat(p.get("z")).as("point %s", i).isEqualTo(expected[i][2]);
        }
    }

    @Test
    void quniformIsVisitedMiddleFirstThenRunsOut() {
        assertThat(Runs.values(all(space("x", dim("quniform", 0, 10, 2.5))), "x"))
                .containsExactly(5.0, 2.5, 7.5, 0.0, 10.0);
        assertThat(Runs.values(all(space("x", dim("quniform", 2, 10, 5))), "x")).containsExactly(5.0, 10.0, 2.0);
    }

    @Test
    void uniformRangesAreHalvedThenQuarteredThenEighthed() {
        Tuner tuner = grid(space("x", dim("uniform", 0, 8)));
        assertThat(Runs.values(tuner.ask(History.empty(), 7), "x")).containsExactly(4.0, 2.0, 6.0, 1.0, 3.0, 5.0, 7.0);
    }

    @Test
    void normalRangesAreGriddedOnQuantilesAndLogRangesGeometrically() {
        List<Object> normal = Runs.values(grid(space("x", dim("normal", 1, 2))).ask(History.empty(), 3), "x");
        assertThat((Double) normal.get(0)).isEqualTo(1.0);
        assertThat((Double) normal.get(1)).isCloseTo(1 - 2 * Q1, offset(1e-14));
        assertThat((Double) normal.get(2)).isCloseTo(1 + 2 * Q1, offset(1e-14));
        List<Object> log =
                Runs.values(grid(space("x", dim("loguniform", 1, 100))).ask(History.empty(), 3), "x");
        assertThat((Double) log.get(0)).isCloseTo(10.0, offset(1e-12));
        assertThat((Double) log.get(1)).isCloseTo(Math.sqrt(10), offset(1e-12));
        assertThat((Double) log.get(2)).isCloseTo(Math.pow(10, 1.5), offset(1e-9));
    }

    @Test
    void enumeratesEveryBranchOfANestedChoiceAndNothingElse() {
        List<Map<String, Object>> points = all(space(
                "m",
                dim("choice", option("a", "k", dim("choice", 1, 2)), option("b")),
                "n",
                dim("choice", true, false)));
        assertThat(points)
                .containsExactly(
                        Map.of("m", Map.of("_name", "a", "k", 1), "n", true),
                        Map.of("m", Map.of("_name", "a", "k", 1), "n", false),
                        Map.of("m", Map.of("_name", "a", "k", 2), "n", true),
                        Map.of("m", Map.of("_name", "a", "k", 2), "n", false),
                        Map.of("m", Map.of("_name", "b"), "n", true),
                        Map.of("m", Map.of("_name", "b"), "n", false));
    }

    @Test
    void deduplicatesByFinalValueAsNnisDedupExample() {
        // test_hpo_dedup.py: choice(a, b) x quniform(0, 1, 0.6) has six distinct points.
        List<Map<String, Object>> points = all(space("x", dim("choice", "a", "b"), "y", dim("quniform", 0, 1, 0.6)));
        assertThat(points)
                .containsExactlyInAnyOrder(
                        Map.of("x", "a", "y", 0.0),
                        Map.of("x", "a", "y", 0.6),
                        Map.of("x", "a", "y", 1.0),
                        Map.of("x", "b", "y", 0.0),
                        Map.of("x", "b", "y", 0.6),
                        Map.of("x", "b", "y", 1.0));
    }

    @Test
    void skipsParameterSetsAlreadyInTheHistory() {
        Tuner tuner = grid(space("x", dim("quniform", 0, 10, 2.5)));
        History imported = new History(List.of(Observation.succeeded(0, Map.of("x", 5.0), 1.0)));
        assertThat(Runs.values(tuner.ask(imported, 10), "x")).containsExactly(2.5, 7.5, 0.0, 10.0);
    }

    @Test
    void returnsFewerThanAskedThenNothingOnceExhausted() {
        Tuner tuner = grid(space("x", dim("randint", 0, 3)));
        List<Map<String, Object>> first = tuner.ask(History.empty(), 5);
        assertThat(Runs.values(first, "x")).containsExactly(0L, 1L, 2L);
        History all = new History(List.of(
                Observation.pending(0, first.get(0)),
                Observation.pending(1, first.get(1)),
                Observation.pending(2, first.get(2))));
        assertThat(tuner.ask(all, 1)).isEmpty();
        assertThat(tuner.ask(all, 5)).isEmpty();
    }

    @Test
    void quantizedNormalTailsEndWithoutInfiniteValues() {
        List<Map<String, Object>> points = all(space("x", dim("qnormal", 0, 0.1, 2)));
        assertThat(Runs.values(points, "x"))
                .contains(0.0)
                .allSatisfy(v -> assertThat((Double) v).isFinite());
    }

    @Test
    void rejectsAnEmptySpaceAndUnknownClassArgsButAcceptsOptimizeMode() {
        GridSearchFactory factory = new GridSearchFactory();
        SearchSpace one = SearchSpace.parse(space("x", dim("randint", 0, 3)));
        assertThat(factory.validate(new Settings(Map.of("optimize_mode", "minimize")), one))
                .isEmpty();
        assertThat(factory.validate(Settings.empty(), SearchSpace.parse(Map.of())))
                .extracting(Violation::field)
                .containsExactly("searchSpace");
        assertThat(factory.validate(new Settings(Map.of("seed", 3)), one))
                .extracting(Violation::field)
                .containsExactly("classArgs.seed");
        assertThat(factory.validate(new Settings(Map.of("optimize_mode", "up")), one))
                .extracting(Violation::field)
                .containsExactly("classArgs.optimize_mode");
    }
}
