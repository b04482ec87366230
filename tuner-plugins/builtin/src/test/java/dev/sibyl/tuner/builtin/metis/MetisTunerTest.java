package dev.sibyl.tuner.builtin.metis;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetisTunerTest {
    private final MetisFactory factory = new MetisFactory();

    private static final Map<String, Object> SPACE =
            space("x", dim("uniform", -3, 3), "y", dim("quniform", -3, 3, 0.1));

    private static double smooth(Map<String, Object> p) {
        double x = ((Number) p.get("x")).doubleValue() - 0.6;
        double y = ((Number) p.get("y")).doubleValue() + 1.1;
        return x * x + 2 * y * y;
    }

    private static double bestFound(TunerFactory f, Map<String, Object> args, long seed, int budget) {
        Tuner tuner = f.create(new Settings(args), SearchSpace.parse(SPACE), seed);
        SimulatedExperiment run = Runs.sequential(tuner, MetisTunerTest::smooth, budget);
        return run.history().observations().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
    }

    @Test
    void isRegisteredUnderNniNameAndAlias() {
        assertThat(Algorithms.builtin().tuner("MetisTuner")).containsInstanceOf(MetisFactory.class);
        assertThat(Algorithms.builtin().tuner("metis")).containsInstanceOf(MetisFactory.class);
    }

    @Test
    void acceptsOnlyNumericChoiceRandintUniformAndQuniform() {
        SearchSpace space = SearchSpace.parse(space(
                "a", dim("choice", 1, 2),
                "b", dim("randint", 0, 4),
                "c", dim("uniform", 0, 1),
                "d", dim("quniform", 0, 1, 0.1),
                "e", dim("loguniform", 0.1, 1),
                "f", dim("qloguniform", 1, 10, 1),
                "g", dim("normal", 0, 1)));
        assertThat(factory.validate(Settings.empty(), space))
                .extracting(Violation::field)
                .containsExactly("searchSpace.e._type", "searchSpace.f._type", "searchSpace.g._type");
    }

    @Test
    void validatesClassArgsWithNniNames() {
        SearchSpace space = SearchSpace.parse(SPACE);
        assertThat(factory.validate(
                        new Settings(Map.of(
                                "no_resampling",
                                false,
                                "no_candidates",
                                true,
                                "selection_num_starting_points",
                                100,
                                "cold_start_num",
                                4,
                                "exploration_probability",
                                0.2)),
                        space))
                .isEmpty();
        assertThat(factory.validate(
                        new Settings(Map.of("no_resampling", "yes", "exploration_probability", 1.5)), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.no_resampling", "classArgs.exploration_probability");
    }

    @Test
    void beatsRandomSearchOnASmoothFunctionOverSeeds() {
        int wins = 0;
        double[] metis = new double[5];
        double[] random = new double[5];
        for (int s = 0; s < 5; s++) {
            metis[s] = bestFound(factory, Map.of("optimize_mode", "minimize"), s, 30);
            random[s] = bestFound(new RandomFactory(), Map.of(), s, 30);
            wins += metis[s] < random[s] ? 1 : 0;
        }
        assertThat(wins)
                .as("Metis %s vs Random %s", Arrays.toString(metis), Arrays.toString(random))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void resamplesAnOutlierOnlyWhenResamplingIsOn() {
        // A smooth linear trend with one wild value at x = 0.5: the GP cannot explain it.
        SimulatedExperiment experiment = new SimulatedExperiment();
        Map<String, Object> outlier = null;
        for (int i = 0; i <= 20; i++) {
            double x = -3 + 0.3 * i;
            Map<String, Object> p = Map.of("x", x, "y", 0.0);
            double value = i == 12 ? 40.0 : x;
            if (i == 12) {
                outlier = p;
            }
            experiment.succeed(experiment.submit(List.of(p)).get(0), value);
        }
        History history = experiment.history();
        Tuner resampling = factory.create(
                new Settings(Map.of("optimize_mode", "minimize", "no_resampling", false)), SearchSpace.parse(SPACE), 1);
        assertThat(resampling.ask(history, 1)).containsExactly(outlier);
        Tuner plain = factory.create(new Settings(Map.of("optimize_mode", "minimize")), SearchSpace.parse(SPACE), 1);
        assertThat(plain.ask(history, 1)).doesNotContain(outlier);
        // Once it has been run twice it is no longer proposed again.
        experiment.succeed(experiment.submit(List.of(outlier)).get(0), 40.0);
        List<Map<String, Object>> next = new ArrayList<>(resampling.ask(experiment.history(), 1));
        assertThat(next).doesNotContain(outlier);
    }

    @Test
    void withoutCandidatesProposesThePredictedOptimum() {
        SimulatedExperiment experiment = new SimulatedExperiment();
        for (int i = 0; i <= 12; i++) {
            double x = -3 + 0.5 * i;
            Map<String, Object> p = Map.of("x", x, "y", 0.0);
            experiment.succeed(experiment.submit(List.of(p)).get(0), (x - 1) * (x - 1));
        }
        Tuner tuner = factory.create(
                new Settings(Map.of("optimize_mode", "minimize", "no_candidates", true)), SearchSpace.parse(SPACE), 2);
        double x = ((Number) tuner.ask(experiment.history(), 1).get(0).get("x")).doubleValue();
        assertThat(x).isBetween(0.8, 1.2);
    }
}
