package dev.sibyl.tuner.builtin.hyperband;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperbandTunerTest {
    private static final Map<String, Object> SPACE = ContractSpaces.space(
            "x", ContractSpaces.dim("uniform", 0.0, 1.0),
            "opt", ContractSpaces.dim("choice", "adam", "sgd"));

    private static Tuner tuner(Map<String, Object> args) {
        return new HyperbandFactory().create(new Settings(args), SearchSpace.parse(SPACE), 11);
    }

    private static double objective(Map<String, Object> p) {
        return ((Number) p.get("x")).doubleValue();
    }

    private static List<Object> budgets(List<Map<String, Object>> proposals) {
        return proposals.stream().map(p -> p.get(TrialBudget.KEY)).toList();
    }

    private static void finishAll(SimulatedExperiment e) {
        for (long id : e.pendingIds()) {
            e.succeed(id, objective(e.observation(id).parameters()));
        }
    }

    @Test
    void firstBracketStartsTwentySevenConfigurationsWithIntegerBudgetTwo() {
        List<Map<String, Object>> first =
                tuner(Map.of("optimize_mode", "maximize")).ask(new SimulatedExperiment().history(), 27);
        assertThat(first).hasSize(27);
        assertThat(budgets(first)).containsOnly(2L);
        assertThat(first.get(0)).containsOnlyKeys("x", "opt", "TRIAL_BUDGET");
    }

    @Test
    void parallelismOpensTheNextBracketWhileTheBaseRungRuns() {
        List<Map<String, Object>> first =
                tuner(Map.of("exec_mode", "parallelism")).ask(new SimulatedExperiment().history(), 40);
        assertThat(budgets(first.subList(0, 27))).containsOnly(2L);
        assertThat(budgets(first.subList(27, 39))).containsOnly(6L);
        assertThat(budgets(first.subList(39, 40))).containsOnly(20L);
    }

    @Test
    void serialWaitsForTheRunningRungInsteadOfOpeningABracket() {
        Tuner tuner = tuner(Map.of("exec_mode", "serial"));
        SimulatedExperiment e = new SimulatedExperiment();
        e.submit(tuner.ask(e.history(), 40));
        assertThat(e.size()).isEqualTo(27);
        List<Long> pending = e.pendingIds();
        for (long id : pending.subList(0, 26)) {
            e.succeed(id, objective(e.observation(id).parameters()));
        }
        assertThat(tuner.ask(e.history(), 3))
                .as("one trial of the rung still runs")
                .isEmpty();
        e.fail(pending.get(26));
        assertThat(budgets(tuner.ask(e.history(), 3))).containsOnly(6L);
    }

    @Test
    void promotesTheTopThirdOfAFinishedRungByOptimizeMode() {
        for (String mode : List.of("maximize", "minimize")) {
            Tuner tuner = tuner(Map.of("optimize_mode", mode, "exec_mode", "serial"));
            SimulatedExperiment e = new SimulatedExperiment();
            List<Map<String, Object>> base = tuner.ask(e.history(), 27);
            e.submit(base);
            finishAll(e);
            List<Map<String, Object>> promoted = tuner.ask(e.history(), 9);
            Comparator<Map<String, Object>> best = Comparator.comparingDouble(HyperbandTunerTest::objective);
            if (mode.equals("maximize")) {
                best = best.reversed();
            }
            List<Map<String, Object>> expected = base.stream()
                    .sorted(best)
                    .limit(9)
                    .map(p -> TrialBudget.with(p, 6L))
                    .toList();
            assertThat(promoted).as(mode).containsExactlyElementsOf(expected);
            e.submit(promoted);
            assertThat(tuner.ask(e.history(), 1))
                    .as(mode + ": the rung runs 9, no more")
                    .isEmpty();
        }
    }

    @Test
    void oneTrialAtATimeWalksEveryBracketOfTheIterationThenStartsAgain() {
        Tuner tuner = tuner(Map.of("exec_mode", "serial", "R", 60, "eta", 3));
        SimulatedExperiment e = new SimulatedExperiment();
        List<Object> budgets = new ArrayList<>();
        for (int i = 0; i < 69 + 27; i++) {
            List<Map<String, Object>> one = tuner.ask(e.history(), 1);
            assertThat(one).hasSize(1);
            budgets.add(one.get(0).get(TrialBudget.KEY));
            e.submit(one);
            finishAll(e);
        }
        List<Object> expected = new ArrayList<>();
        int[][] plan = {{27, 2}, {9, 6}, {3, 20}, {1, 60}, {12, 6}, {4, 20}, {1, 60}, {6, 20}, {2, 60}, {4, 60}, {27, 2}
        };
        for (int[] rung : plan) {
            for (int k = 0; k < rung[0]; k++) {
                expected.add((long) rung[1]);
            }
        }
        assertThat(budgets).containsExactlyElementsOf(expected);
        long total = budgets.subList(0, 69).stream().mapToLong(b -> (Long) b).sum();
        assertThat(total).isEqualTo(228 + 212 + 240 + 240);
    }

    @Test
    void serialOpensTheNextBracketOnceTheLastRungIsIssuedAsNniDoes() {
        Tuner tuner = tuner(Map.of("exec_mode", "serial", "R", 9, "eta", 3));
        // R = 9: bracket s=2 runs 9x1, 3x3, 1x9.
        SimulatedExperiment e = new SimulatedExperiment();
        for (int rung = 0; rung < 2; rung++) {
            e.submit(tuner.ask(e.history(), 9));
            finishAll(e);
        }
        List<Map<String, Object>> next = tuner.ask(e.history(), 3);
        assertThat(budgets(next)).as("last rung, then bracket s=1 (5 x 3)").containsExactly(9L, 3L, 3L);
    }

    @Test
    void promotesOnlyConfigurationsWithAResultWhenTrialsOfTheRungFailed() {
        Tuner tuner = tuner(Map.of("exec_mode", "serial", "R", 9, "eta", 3));
        SimulatedExperiment e = new SimulatedExperiment();
        List<Long> ids = e.submit(tuner.ask(e.history(), 9));
        for (int i = 0; i < ids.size(); i++) {
            if (i < 8) {
                e.fail(ids.get(i));
            } else {
                e.succeed(ids.get(i), 0.5);
            }
        }
        List<Map<String, Object>> promoted = tuner.ask(e.history(), 1);
        assertThat(promoted)
                .containsExactly(TrialBudget.with(e.observation(ids.get(8)).parameters(), 3L));
        e.submit(promoted);
        finishAll(e);
        assertThat(budgets(tuner.ask(e.history(), 1))).containsExactly(9L);
    }

    @Test
    void customizedTrialsWithoutABudgetAreIgnored() {
        Tuner tuner = tuner(Map.of());
        SimulatedExperiment e = new SimulatedExperiment();
        e.succeed(e.submit(List.of(Map.of("x", 0.5, "opt", "sgd"))).get(0), 0.5);
        List<Map<String, Object>> first = tuner.ask(e.history(), 27);
        assertThat(budgets(first)).containsOnly(2L).hasSize(27);
    }

    @Test
    void validatesExecModeAndEta() {
        List<Violation> v = new HyperbandFactory()
                .validate(new Settings(Map.of("exec_mode", "fast", "eta", 1, "R", "60")), SearchSpace.parse(SPACE));
        assertThat(v)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.exec_mode", "classArgs.eta", "classArgs.R");
    }
}
