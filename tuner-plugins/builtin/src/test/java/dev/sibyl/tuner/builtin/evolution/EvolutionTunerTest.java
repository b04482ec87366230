package dev.sibyl.tuner.builtin.evolution;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvolutionTunerTest {
    private static final Map<String, Object> GRID = space(
            "x", dim("choice", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
            "y", dim("choice", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
            "z", dim("choice", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9));

    private final EvolutionFactory factory = new EvolutionFactory();

    private EvolutionTuner tuner(Map<String, Object> args, long seed) {
        return (EvolutionTuner) factory.create(new Settings(args), SearchSpace.parse(GRID), seed);
    }

    private static Map<String, Object> point(int x, int y, int z) {
        return Map.of("x", x, "y", y, "z", z);
    }

    private static History history(Object... pointsAndValues) {
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < pointsAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) pointsAndValues[i];
            Object v = pointsAndValues[i + 1];
            list.add(v == null ? Observation.pending(i / 2, p) : Observation.succeeded(i / 2, p, (Double) v));
        }
        return new History(list);
    }

    private static int differences(Map<String, Object> a, Map<String, Object> b) {
        int n = 0;
        for (String k : a.keySet()) {
            if (!a.get(k).equals(b.get(k))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tournamentRemovesTheWorseOfTheTwoForGood() {
        // Population of two: the step at position 2 draws both members and removes the worse one.
        History h = history(point(1, 1, 1), 10.0, point(8, 8, 8), 0.0, point(5, 5, 5), 5.0);
        assertThat(tuner(Map.of("population_size", 2), 1).population(h)).containsExactly(0, 2);
        assertThat(tuner(Map.of("population_size", 2, "optimize_mode", "minimize"), 1)
                        .population(h))
                .containsExactly(1, 2);
    }

    @Test
    void childIsTheBetterOfTheTournamentWithExactlyOneParameterChanged() {
        Map<String, Object> good = point(1, 1, 1);
        History h = history(good, 10.0, point(8, 8, 8), 0.0);
        for (long seed = 0; seed < 30; seed++) {
            Map<String, Object> child =
                    tuner(Map.of("population_size", 2), seed).ask(h, 1).get(0);
            assertThat(differences(child, good)).as("child %s", child).isEqualTo(1);
        }
    }

    @Test
    void defaultsToMaximizeWithAPopulationOf32() {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            entries.add(point(i % 10, (i / 10) % 10, 9));
            entries.add(i == 31 ? 100.0 : 0.0);
        }
        History h = history(entries.toArray());
        EvolutionTuner defaults = tuner(Map.of(), 3);
        // 32 members: the first step evolves, and the best member wins every tournament it enters.
        assertThat(defaults.population(h)).hasSize(32);
        History grown = h;
        int fromBest = 0;
        for (int round = 0; round < 40; round++) {
            Map<String, Object> child = defaults.ask(grown, 1).get(0);
            if (differences(child, point(1, 3, 9)) == 1) {
                fromBest++;
            }
            grown = grown.plus(Observation.succeeded(grown.size(), child, 0.0));
        }
        assertThat(fromBest).as("children of the maximum").isGreaterThan(0);
        assertThat(defaults.population(grown)).contains(31);
    }

    @Test
    void firstPopulationIsDrawnAtRandomWithoutTournaments() {
        History h = history(point(1, 1, 1), 10.0);
        EvolutionTuner t = tuner(Map.of("population_size", 5), 9);
        int farFromParent = 0;
        for (int i = 0; i < 20; i++) {
            Map<String, Object> p =
                    tuner(Map.of("population_size", 5, "seed", i), 9).ask(h, 1).get(0);
            if (differences(p, point(1, 1, 1)) > 1) {
                farFromParent++;
            }
        }
        assertThat(farFromParent).isGreaterThan(10);
        assertThat(t.population(h)).containsExactly(0);
    }

    @Test
    void rejectsAPopulationBelowTwo() {
        assertThat(factory.validate(new Settings(Map.of("population_size", 1)), SearchSpace.parse(GRID)))
                .extracting(Violation::field)
                .containsExactly("classArgs.population_size");
    }
}
