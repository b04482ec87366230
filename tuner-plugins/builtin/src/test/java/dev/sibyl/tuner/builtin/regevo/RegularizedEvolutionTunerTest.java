package dev.sibyl.tuner.builtin.regevo;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegularizedEvolutionTunerTest {
    private static final Map<String, Object> GRID = space(
            "x", dim("choice", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
            "y", dim("choice", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
            "z", dim("choice", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
            // A continuous parameter, so that repeated children are not deduplicated away.
            "w", dim("uniform", 0, 1));

    private final RegularizedEvolutionFactory factory = new RegularizedEvolutionFactory();

    private Tuner tuner(Map<String, Object> args, long seed) {
        return factory.create(new Settings(args), SearchSpace.parse(GRID), seed);
    }

    private static Map<String, Object> point(int v) {
        return Map.of("x", v, "y", v, "z", v, "w", 0.5);
    }

    /** Observations of points (v, v, v) with the given values, in order. */
    private static History history(int[] points, double[] values) {
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            list.add(Observation.succeeded(i, point(points[i]), values[i]));
        }
        return new History(list);
    }

    /** How many of x, y, z the child shares with (v, v, v): at least 2 for a child of it. */
    private static int shared(Map<String, Object> child, int v) {
        int n = 0;
        for (String key : List.of("x", "y", "z")) {
            if (child.get(key).equals(v)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void theOldestMemberAgesOutEvenWhenItIsTheBest() {
        // The best point (0,0,0) is the oldest; with a population of 3 it has aged out, and the best of the
        // remaining three, (7,7,7), is the parent of every child.
        History h = history(new int[] {0, 5, 6, 7}, new double[] {100, 1, 2, 3});
        Tuner t = tuner(Map.of("population_size", 3, "sample_size", 3), 1);
        List<Map<String, Object>> children = t.ask(h, 30);
        assertThat(children).hasSize(30);
        for (Map<String, Object> child : children) {
            assertThat(shared(child, 7)).as("child %s", child).isGreaterThanOrEqualTo(2);
        }
        // One more member of population: the old best is still in and fathers every child.
        Tuner wider = tuner(Map.of("population_size", 4, "sample_size", 4), 1);
        for (Map<String, Object> child : wider.ask(h, 30)) {
            assertThat(shared(child, 0)).as("child %s", child).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void parentIsTheBestOfTheSample() {
        // Sample size 1: the parent is a uniformly drawn member, so children of every member appear.
        History h = history(new int[] {1, 2, 3}, new double[] {1, 2, 3});
        List<Map<String, Object>> children =
                tuner(Map.of("population_size", 3, "sample_size", 1), 4).ask(h, 60);
        for (int v = 1; v <= 3; v++) {
            int parentValue = v;
            assertThat(children.stream().filter(c -> shared(c, parentValue) >= 2))
                    .as("children of (%s,%s,%s)", v, v, v)
                    .isNotEmpty();
        }
        // Minimizing with the whole population sampled: always the child of the smallest value.
        List<Map<String, Object>> minimizing = tuner(
                        Map.of("population_size", 3, "sample_size", 3, "optimize_mode", "minimize"), 4)
                .ask(h, 20);
        assertThat(minimizing).allSatisfy(c -> assertThat(shared(c, 1)).isGreaterThanOrEqualTo(2));
    }

    @Test
    void firstPopulationSizeProposalsAreRandom() {
        History h = history(new int[] {1}, new double[] {1});
        int children = 0;
        for (Map<String, Object> p : tuner(Map.of(), 2).ask(h, 40)) {
            if (shared(p, 1) >= 2) {
                children++;
            }
        }
        // Random draws share two coordinates with (1,1,1) only by chance (about 3%).
        assertThat(children).isLessThan(8);
    }

    @Test
    void rejectsASampleLargerThanThePopulation() {
        assertThat(factory.validate(
                        new Settings(Map.of("population_size", 10, "sample_size", 11)), SearchSpace.parse(GRID)))
                .extracting(Violation::field)
                .containsExactly("classArgs.sample_size");
        assertThat(factory.validate(new Settings(Map.of()), SearchSpace.parse(GRID)))
                .isEmpty();
    }
}
