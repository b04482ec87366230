package dev.sibyl.tuner.builtin.asha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.builtin.hyperband.TrialBudget;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AshaTunerTest {
    private static final Map<String, Object> SPACE = ContractSpaces.space(
            "x", ContractSpaces.dim("uniform", 0.0, 1.0),
            "layers", ContractSpaces.dim("randint", 1, 4));

    private static AshaTuner tuner(Map<String, Object> args) {
        return (AshaTuner) new AshaFactory().create(new Settings(args), SearchSpace.parse(SPACE), 5);
    }

    private static double objective(Map<String, Object> p) {
        return ((Number) p.get("x")).doubleValue();
    }

    @Test
    void rungBudgetsAreMinBudgetTimesPowersOfEta() {
        AshaTuner defaults = tuner(Map.of());
        assertThat(defaults.rungs()).isEqualTo(5);
        assertThat(List.of(defaults.budget(0), defaults.budget(1), defaults.budget(4)))
                .containsExactly(1L, 3L, 81L);
        AshaTuner halves = tuner(Map.of("min_budget", 0.5, "max_budget", 10, "eta", 2));
        assertThat(halves.rungs()).as("0.5 .. 8").isEqualTo(5);
        assertThat(List.of(halves.budget(0), halves.budget(1), halves.budget(4)))
                .containsExactly(0.5, 1L, 8L);
    }

    @Test
    void promotesAsSoonAsAResultIsInTheTopThirdWithoutWaitingForTheRungToFill() {
        Tuner tuner = tuner(Map.of("optimize_mode", "maximize"));
        SimulatedExperiment e = new SimulatedExperiment();
        List<Map<String, Object>> base = tuner.ask(e.history(), 10);
        assertThat(base).extracting(p -> p.get(TrialBudget.KEY)).containsOnly(1L);
        List<Long> ids = e.submit(base);
        e.succeed(ids.get(0), 0.2);
        e.succeed(ids.get(1), 0.9);
        assertThat(tuner.ask(e.history(), 1))
                .as("two results: floor(2/3) = 0 to promote")
                .extracting(p -> p.get(TrialBudget.KEY))
                .containsExactly(1L);
        e.succeed(ids.get(2), 0.5);
        List<Map<String, Object>> next = tuner.ask(e.history(), 2);
        assertThat(next.get(0)).isEqualTo(TrialBudget.with(base.get(1), 3L));
        assertThat(next.get(1).get(TrialBudget.KEY))
                .as("nothing else to promote")
                .isEqualTo(1L);
    }

    @Test
    void minimizeModePromotesTheSmallestResult() {
        Tuner tuner = tuner(Map.of("optimize_mode", "minimize"));
        SimulatedExperiment e = new SimulatedExperiment();
        List<Map<String, Object>> base = tuner.ask(e.history(), 3);
        List<Long> ids = e.submit(base);
        e.succeed(ids.get(0), 0.2);
        e.succeed(ids.get(1), 0.9);
        e.succeed(ids.get(2), 0.5);
        assertThat(tuner.ask(e.history(), 1)).containsExactly(TrialBudget.with(base.get(0), 3L));
    }

    @Test
    void prefersPromotionsFromTheHighestRung() {
        Tuner tuner = tuner(Map.of("min_budget", 1, "max_budget", 9));
        SimulatedExperiment e = new SimulatedExperiment();
        // Rung 1 gets three results while rung 0 has three more unpromoted top results.
        Map<String, Object> a = Map.of("x", 0.1, "layers", 1L);
        Map<String, Object> b = Map.of("x", 0.2, "layers", 1L);
        Map<String, Object> c = Map.of("x", 0.3, "layers", 1L);
        for (Map<String, Object> p : List.of(a, b, c)) {
            e.succeed(e.submit(List.of(TrialBudget.with(p, 3L))).get(0), objective(p));
        }
        for (int i = 0; i < 9; i++) {
            Map<String, Object> p = Map.of("x", 0.4 + i * 0.05, "layers", 2L);
            e.succeed(e.submit(List.of(TrialBudget.with(p, 1L))).get(0), objective(p));
        }
        assertThat(tuner.ask(e.history(), 1)).containsExactly(TrialBudget.with(c, 9L));
    }

    @Test
    void neverPromotesTheSameConfigurationTwiceAtARungAndOnlyFromItsCompletedResults() {
        Tuner tuner = tuner(Map.of("max_budget", 27, "seed", 3));
        SimulatedExperiment e = new SimulatedExperiment();
        SplittableRandom schedule = new SplittableRandom(1);
        int promotions = 0;
        for (int round = 0; round < 150; round++) {
            List<Map<String, Object>> batch = tuner.ask(e.history(), 1 + schedule.nextInt(3));
            for (Map<String, Object> p : batch) {
                double budget = ((Number) p.get(TrialBudget.KEY)).doubleValue();
                if (budget > 1) {
                    promotions++;
                    String key = ParameterKey.of(TrialBudget.strip(p));
                    boolean completedBelow = e.history().observations().stream()
                            .anyMatch(o -> o.value() != null
                                    && ((Number) o.parameters().get(TrialBudget.KEY)).doubleValue() == budget / 3
                                    && ParameterKey.of(TrialBudget.strip(o.parameters()))
                                            .equals(key));
                    assertThat(completedBelow)
                            .as("%s ran and completed at the rung below", p)
                            .isTrue();
                }
            }
            e.submit(batch);
            for (long id : e.pendingIds()) {
                if (schedule.nextInt(3) == 0) {
                    if (schedule.nextInt(10) == 0) {
                        e.fail(id);
                    } else {
                        e.succeed(id, objective(e.observation(id).parameters()));
                    }
                }
            }
        }
        Map<Double, Set<String>> seen = new HashMap<>();
        for (Observation o : e.history().observations()) {
            double budget = ((Number) o.parameters().get(TrialBudget.KEY)).doubleValue();
            if (budget > 1) {
                assertThat(seen.computeIfAbsent(budget, k -> new HashSet<>())
                                .add(ParameterKey.of(TrialBudget.strip(o.parameters()))))
                        .as("configuration promoted twice to %s", budget)
                        .isTrue();
            }
        }
        assertThat(promotions).isGreaterThan(20);
        assertThat(seen).containsKeys(3.0, 9.0, 27.0);
    }

    @Test
    void validatesBudgetsAndEta() {
        List<Violation> v = new AshaFactory()
                .validate(new Settings(Map.of("min_budget", 5, "max_budget", 2, "eta", 1)), SearchSpace.parse(SPACE));
        assertThat(v).extracting(Violation::field).containsExactlyInAnyOrder("classArgs.max_budget", "classArgs.eta");
    }
}
