package dev.sibyl.tuner.builtin.anneal;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnealTunerTest {
    private static final Map<String, Object> LINE = space("x", dim("uniform", 0, 1));

    private final AnnealFactory factory = new AnnealFactory();

    private Tuner tuner(Map<String, Object> spaceJson, Map<String, Object> args, long seed) {
        return factory.create(new Settings(args), SearchSpace.parse(spaceJson), seed);
    }

    /** {@code count} observations at x = 0.5, all with value 1. */
    private static History sameValue(int count) {
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Observation.succeeded(i, Map.of("x", 0.5), 1.0));
        }
        return new History(list);
    }

    private static double maxDistance(List<Map<String, Object>> proposals, double centre) {
        return proposals.stream()
                .mapToDouble(p -> Math.abs((Double) p.get("x") - centre))
                .max()
                .orElseThrow();
    }

    @Test
    void neighbourhoodShrinksAsTheHistoryGrows() {
        double previous = Double.POSITIVE_INFINITY;
        for (int t : new int[] {2, 10, 40, 160}) {
            List<Map<String, Object>> proposals = tuner(LINE, Map.of(), 5).ask(sameValue(t), 200);
            double halfWidth = 0.5 * AnnealTuner.shrinking(t);
            double spread = maxDistance(proposals, 0.5);
            assertThat(spread).as("after %s observations", t).isLessThanOrEqualTo(halfWidth + 1e-12);
            assertThat(spread).as("after %s observations", t).isGreaterThan(0.8 * halfWidth);
            assertThat(spread).isLessThan(previous);
            previous = spread;
        }
        assertThat(AnnealTuner.shrinking(160)).isLessThan(0.05);
    }

    @Test
    void windowIsShiftedToStayInsideTheRange() {
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(Observation.succeeded(i, Map.of("x", 0.0), 1.0));
        }
        double width = AnnealTuner.shrinking(10);
        for (Map<String, Object> p : tuner(LINE, Map.of(), 1).ask(new History(list), 100)) {
            assertThat((Double) p.get("x")).isBetween(0.0, width);
        }
    }

    @Test
    void defaultsToMinimizeAndDrawsAroundTheBest() {
        List<Observation> list = new ArrayList<>();
        list.add(Observation.succeeded(0, Map.of("x", 0.1), 0.0));
        for (int i = 1; i < 30; i++) {
            list.add(Observation.succeeded(i, Map.of("x", 0.9), 100.0 + i));
        }
        List<Map<String, Object>> proposals = tuner(LINE, Map.of(), 3).ask(new History(list), 300);
        long nearBest = proposals.stream()
                .filter(p -> Math.abs((Double) p.get("x") - 0.1) < 0.1)
                .count();
        // The best is picked with probability 2/3 and its window is 0.2 wide after 30 observations.
        assertThat(nearBest).isBetween(150L, 250L);
        List<Map<String, Object>> maximizing =
                tuner(LINE, Map.of("optimize_mode", "maximize"), 3).ask(new History(list), 300);
        assertThat(maximizing.stream().filter(p -> Math.abs((Double) p.get("x") - 0.1) < 0.1))
                .hasSizeLessThan(20);
    }

    @Test
    void neverRepeatsAParameterSetOfAFiniteSpace() {
        Map<String, Object> spaceJson = space("c", dim("choice", "a", "b", "c", "d"));
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            list.add(Observation.succeeded(i, Map.of("c", "b"), 1.0));
        }
        // Annealing around "b" would mostly repeat it; deduplication turns repeats into unseen options.
        List<Map<String, Object>> proposals = tuner(spaceJson, Map.of(), 2).ask(new History(list), 3);
        assertThat(proposals).hasSize(3).doesNotContain(Map.of("c", "b"));
    }

    @Test
    void acceptsAndIgnoresNniLegacyArguments() {
        SearchSpace space = SearchSpace.parse(LINE);
        Settings legacy = new Settings(Map.of("parallel_optimize", true, "constant_liar_type", "mean"));
        assertThat(factory.validate(legacy, space)).isEmpty();
        assertThat(factory.create(legacy, space, 7).ask(sameValue(5), 3))
                .isEqualTo(factory.create(Settings.empty(), space, 7).ask(sameValue(5), 3));
        assertThat(factory.validate(
                        new Settings(Map.of("parallel_optimize", "yes", "constant_liar_type", "best")), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.parallel_optimize", "classArgs.constant_liar_type");
    }

    @Test
    void findsABetterMinimumOfAnOffCentreSphereThanRandomSearch() {
        Map<String, Object> sphereSpace = space(
                "x0", dim("uniform", -5, 5),
                "x1", dim("uniform", -5, 5),
                "x2", dim("uniform", -5, 5),
                "x3", dim("uniform", -5, 5));
        double[] anneal = new double[7];
        double[] random = new double[7];
        for (int seed = 0; seed < anneal.length; seed++) {
            anneal[seed] = best(factory, sphereSpace, seed);
            random[seed] = best(new RandomFactory(), sphereSpace, seed);
        }
        Arrays.sort(anneal);
        Arrays.sort(random);
        assertThat(anneal[3]).isLessThan(random[3] / 4);
    }

    private static double best(TunerFactory f, Map<String, Object> spaceJson, long seed) {
        Tuner t = f.create(Settings.empty(), SearchSpace.parse(spaceJson), seed);
        return Runs.sequential(t, AnnealTunerTest::sphere, 100).history().observations().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
    }

    static double sphere(Map<String, Object> p) {
        double sum = 0;
        for (Object v : p.values()) {
            double d = (Double) v - 1.3;
            sum += d * d;
        }
        return sum;
    }
}
