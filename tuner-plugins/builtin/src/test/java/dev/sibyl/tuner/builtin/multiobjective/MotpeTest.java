package dev.sibyl.tuner.builtin.multiobjective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MotpeTest {
    private static final TunerFactory TPE = Algorithms.builtin().tuner("TPE").orElseThrow();
    private static final TunerFactory RANDOM =
            Algorithms.builtin().tuner("Random").orElseThrow();

    private static double medianHypervolume(TunerFactory factory, BiObjectiveProblem problem, int seeds, int budget) {
        double[] volumes = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            volumes[s] = ParetoRuns.hypervolume(ParetoRuns.run(factory, Map.of(), problem, s, budget), problem);
        }
        return ParetoRuns.median(volumes);
    }

    @Test
    void motpeFindsALargerParetoSetThanRandomOnZdt1() {
        BiObjectiveProblem zdt1 = BiObjectiveProblem.zdt1(5);
        assertThat(medianHypervolume(TPE, zdt1, 5, 60)).isGreaterThan(medianHypervolume(RANDOM, zdt1, 5, 60));
    }

    @Test
    void motpeFindsALargerParetoSetThanRandomOnTheMixedProblem() {
        BiObjectiveProblem mixed = BiObjectiveProblem.mixed();
        assertThat(medianHypervolume(TPE, mixed, 5, 60)).isGreaterThan(medianHypervolume(RANDOM, mixed, 5, 60));
    }

    @Test
    void flippingEveryDirectionAndNegatingEveryValueChangesNothing() {
        BiObjectiveProblem zdt1 = BiObjectiveProblem.zdt1(3);
        List<Objective> maximized =
                List.of(new Objective("f1", OptimizeMode.MAXIMIZE), new Objective("f2", OptimizeMode.MAXIMIZE));
        BiObjectiveProblem negated = new BiObjectiveProblem(
                "negated",
                zdt1.space(),
                maximized,
                p -> zdt1.evaluate().apply(p).stream().map(v -> -v).toList(),
                zdt1.reference());
        assertThat(proposals(ParetoRuns.run(TPE, Map.of(), negated, 4, 30)))
                .isEqualTo(proposals(ParetoRuns.run(TPE, Map.of(), zdt1, 4, 30)));
    }

    @Test
    void optimizeModeDoesNotMatterWhenEachObjectiveHasADirection() {
        BiObjectiveProblem mixed = BiObjectiveProblem.mixed();
        assertThat(proposals(ParetoRuns.run(TPE, Map.of("optimize_mode", "maximize"), mixed, 2, 30)))
                .isEqualTo(proposals(ParetoRuns.run(TPE, Map.of("optimize_mode", "minimize"), mixed, 2, 30)));
    }

    @Test
    void observationsWithoutEveryObjectiveValueTeachNothing() {
        BiObjectiveProblem zdt1 = BiObjectiveProblem.zdt1(3);
        SimulatedExperiment run = ParetoRuns.run(TPE, Map.of(), zdt1, 9, 25);
        List<Observation> scalarOnly = new ArrayList<>();
        List<Observation> failed = new ArrayList<>();
        for (Observation o : run.history().observations()) {
            boolean drop = o.parameterId() % 3 == 0;
            scalarOnly.add(drop ? Observation.succeeded(o.parameterId(), o.parameters(), 0.0) : o);
            failed.add(
                    drop
                            ? new Observation(
                                    o.parameterId(), o.parameters(), Observation.Outcome.FAILED, null, List.of())
                            : o);
        }
        SearchSpace space = SearchSpace.parse(zdt1.space());
        var a = TPE.create(Settings.empty(), space, 9, zdt1.objectives()).ask(new History(scalarOnly), 3);
        var b = TPE.create(Settings.empty(), space, 9, zdt1.objectives()).ask(new History(failed), 3);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void eightObjectivesOverSeveralHundredObservationsStillGetValidProposals() {
        List<Objective> eight = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            eight.add(new Objective("f" + k, k % 2 == 0 ? OptimizeMode.MINIMIZE : OptimizeMode.MAXIMIZE));
        }
        BiObjectiveProblem zdt1 = BiObjectiveProblem.zdt1(3);
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        List<Observation> history = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            List<Double> values = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                values.add(random.nextDouble());
            }
            history.add(Observation.succeeded(i, Map.of("x0", random.nextDouble(), "x1", 0.5, "x2", 0.5), values));
        }
        SearchSpace space = SearchSpace.parse(zdt1.space());
        var proposals = TPE.create(Settings.empty(), space, 8, eight).ask(new History(history), 2);
        assertThat(proposals)
                .hasSize(2)
                .allSatisfy(p -> assertThat(space.check(p)).isEmpty());
    }

    @Test
    void tunersThatModelOneMetricRefuseSeveralNamingTheObjectivesField() {
        BiObjectiveProblem zdt1 = BiObjectiveProblem.zdt1(2);
        SearchSpace space = SearchSpace.parse(zdt1.space());
        List<String> refusing = new ArrayList<>();
        for (TunerFactory factory : Algorithms.builtin().tuners()) {
            if (factory.supportsSeveralObjectives()) {
                continue;
            }
            refusing.add(factory.name());
            assertThat(factory.validate(Settings.empty(), space, zdt1.objectives()))
                    .extracting(Violation::field)
                    .contains("objectives");
            assertThatThrownBy(() -> factory.create(Settings.empty(), space, 1, zdt1.objectives()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("objectives: tuner '" + factory.name() + "' optimizes a single metric");
        }
        assertThat(refusing).contains("Anneal", "GPTuner", "SMAC", "Hyperband").doesNotContain("TPE", "Random");
    }

    private static List<Map<String, Object>> proposals(SimulatedExperiment run) {
        return run.history().observations().stream()
                .map(Observation::parameters)
                .toList();
    }
}
