package dev.sibyl.tuner.builtin.smac;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class SmacTest {
    private final SmacFactory factory = new SmacFactory();

    @Test
    void rejectsTypesOutsideNnisSupportMatrixNamingTheParameter() {
        SearchSpace space = SearchSpace.parse(space(
                "ok", dim("uniform", 0, 1),
                "noise", dim("qnormal", 0, 1, 0.5),
                "scale", dim("qloguniform", 1, 100, 1),
                "model", dim("choice", option("svm", "C", dim("uniform", 0.1, 1)), option("tree"))));
        Settings args = new Settings(Map.of("optimize_mode", "minimize"));
        assertThat(factory.validate(args, space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "searchSpace.noise._type", "searchSpace.scale._type", "searchSpace.model._value");
        assertThat(factory.validate(args, space).get(0).message()).contains("SMAC supports choice, randint");
        assertThatThrownBy(() -> factory.create(args, space, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("searchSpace.noise._type");
    }

    @Test
    void readsNnisClassArgsAndRejectsWrongTypes() {
        SearchSpace space = SearchSpace.parse(space("x", dim("uniform", 0, 1)));
        assertThat(factory.validate(new Settings(Map.of("optimize_mode", "maximize", "config_dedup", true)), space))
                .isEmpty();
        assertThat(factory.validate(new Settings(Map.of("config_dedup", "yes", "optimize_mode", "up")), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.config_dedup", "classArgs.optimize_mode");
    }

    @Test
    void forestPredictsAStepFunction() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble();
            double c = rng.nextInt(3);
            x[i] = new double[] {a, c};
            y[i] = (a < 0.4 ? 0 : 1) + (c == 1 ? 5 : 0);
        }
        RegressionForest forest = new RegressionForest(
                x, y, new boolean[] {false, true}, RegressionForest.Config.SMAC, new SplittableRandom(1));
        assertThat(forest.predict(new double[] {0.2, 0}).mean()).isCloseTo(0, within(0.1));
        assertThat(forest.predict(new double[] {0.7, 2}).mean()).isCloseTo(1, within(0.1));
        assertThat(forest.predict(new double[] {0.2, 1}).mean()).isCloseTo(5, within(0.1));
        assertThat(forest.predict(new double[] {0.9, 1}).mean()).isCloseTo(6, within(0.1));
        assertThat(forest.predict(new double[] {0.9, 1}).variance()).isLessThan(0.01);
    }

    @Test
    void forestVarianceGrowsWhereTreesDisagree() {
        SplittableRandom rng = new SplittableRandom(8);
        int n = 60;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble();
            x[i] = new double[] {a};
            y[i] = a < 0.5 ? 0 : rng.nextDouble() * 10; // flat on the left, noisy on the right
        }
        RegressionForest forest = new RegressionForest(
                x, y, new boolean[] {false}, RegressionForest.Config.SMAC, new SplittableRandom(2));
        assertThat(forest.predict(new double[] {0.2}).variance()).isEqualTo(0.0);
        assertThat(forest.predict(new double[] {0.8}).variance()).isGreaterThan(0.1);
    }

    @Test
    void expectedImprovementIsZeroWhereTheForestIsCertainAndWorse() {
        double[][] x = new double[40][];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            double a = i / 40.0;
            x[i] = new double[] {a};
            y[i] = a < 0.5 ? a : 3.0;
        }
        RegressionForest forest = new RegressionForest(
                x, y, new boolean[] {false}, RegressionForest.Config.SMAC, new SplittableRandom(3));
        RegressionForest.Prediction certainAndWorse = forest.predict(new double[] {0.9});
        assertThat(certainAndWorse.variance()).isEqualTo(0.0);
        assertThat(ExpectedImprovement.of(certainAndWorse.mean(), certainAndWorse.variance(), 0.0))
                .isEqualTo(0.0);
        RegressionForest.Prediction nearBest = forest.predict(new double[] {0.01});
        assertThat(ExpectedImprovement.of(nearBest.mean(), nearBest.variance(), 0.2))
                .isGreaterThan(0.0);
    }

    @Test
    void expectedImprovementMatchesTheClosedForm() {
        assertThat(ExpectedImprovement.of(1.0, 0.0, 0.5)).isEqualTo(0.0);
        assertThat(ExpectedImprovement.of(0.25, 0.0, 0.5)).isEqualTo(0.25);
        // eta - mu = 0.1, sigma = 0.2, z = 0.5: 0.1 * Phi(0.5) + 0.2 * phi(0.5)
        assertThat(ExpectedImprovement.of(0.4, 0.04, 0.5))
                .isCloseTo(0.1 * 0.6914624612740131 + 0.2 * 0.3520653267642995, within(1e-6));
        assertThat(dev.sibyl.tuner.builtin.stats.StandardNormal.cdf(-1.959963984540054))
                .isCloseTo(0.025, within(1e-6));
    }

    private static final Map<String, Object> MIXED = space(
            "optimizer", dim("choice", "sgd", "adam", "rmsprop", "adagrad"),
            "layers", dim("randint", 1, 12),
            "dropout", dim("uniform", 0.0, 0.8),
            "lr", dim("loguniform", 1e-5, 1.0),
            "width", dim("quniform", 16, 512, 16));

    /** A mixed objective: best with adam, 8 layers, dropout 0.3, lr 1e-3, width 256 (minimum 0). */
    private static double mixed(Map<String, Object> p) {
        double optimizer =
                Map.of("sgd", 0.5, "adam", 0.0, "rmsprop", 0.2, "adagrad", 0.8).get(p.get("optimizer"));
        double layers = ((Number) p.get("layers")).doubleValue() - 8;
        double dropout = (Double) p.get("dropout") - 0.3;
        double lr = Math.log10((Double) p.get("lr")) + 3;
        double width = ((Double) p.get("width") - 256) / 256;
        return optimizer + 0.02 * layers * layers + 2 * dropout * dropout + 0.1 * lr * lr + width * width;
    }

    private static double bestFound(TunerFactory f, Map<String, Object> args, long seed, int budget) {
        Tuner tuner = f.create(new Settings(args), SearchSpace.parse(MIXED), seed);
        SimulatedExperiment run = Runs.sequential(tuner, SmacTest::mixed, budget);
        return run.history().observations().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void findsBetterPointsThanRandomSearchOnAMixedDiscreteContinuousObjective() {
        int seeds = 7;
        double[] smac = new double[seeds];
        double[] random = new double[seeds];
        Map<String, Object> minimize = Map.of("optimize_mode", "minimize");
        for (int s = 0; s < seeds; s++) {
            smac[s] = bestFound(factory, minimize, s, 60);
            random[s] = bestFound(new RandomFactory(), Map.of(), s, 60);
        }
        assertThat(median(smac))
                .as("SMAC %s vs random %s", Arrays.toString(smac), Arrays.toString(random))
                .isLessThan(median(random) / 2);
    }

    @Test
    void maximizesByDefaultAndMinimizesWhenAsked() {
        Map<String, Object> json = space("x", dim("uniform", 0, 1), "y", dim("uniform", 0, 1));
        ToDoubleFunction<Map<String, Object>> x = p -> (Double) p.get("x");
        double maximizing = meanOfLastModelProposals(Settings.empty(), json, x);
        double minimizing = meanOfLastModelProposals(new Settings(Map.of("optimize_mode", "minimize")), json, x);
        assertThat(maximizing).isGreaterThan(0.8);
        assertThat(minimizing).isLessThan(0.2);
    }

    /** Mean of x over the model-based (even-offset) proposals among the last 20 of 50. */
    private double meanOfLastModelProposals(
            Settings args, Map<String, Object> json, ToDoubleFunction<Map<String, Object>> objective) {
        Tuner tuner = factory.create(args, SearchSpace.parse(json), 4);
        List<Observation> all = Runs.sequential(tuner, objective, 50).history().observations();
        double sum = 0;
        int n = 0;
        for (int i = 30; i < 50; i++) {
            if ((i - 4) % 2 == 0) { // 2 parameters: 4 initial random proposals, then model, random, model...
                sum += objective.applyAsDouble(all.get(i).parameters());
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void parallelAsksSpreadOutThanksToTheConstantLiar() {
        Map<String, Object> json = space("x", dim("quniform", 0, 100, 1), "k", dim("choice", "a", "b"));
        Tuner tuner = factory.create(Settings.empty(), SearchSpace.parse(json), 9);
        SimulatedExperiment experiment = Runs.sequential(
                tuner, p -> -Math.abs((Double) p.get("x") - 40) - ("a".equals(p.get("k")) ? 0 : 10), 20);
        List<Map<String, Object>> batch = tuner.ask(experiment.history(), 6);
        assertThat(batch).hasSize(6);
        // Model-based proposals (every other one) stay distinct though none of them has a result yet.
        assertThat(new HashSet<>(List.of(batch.get(0), batch.get(2), batch.get(4))))
                .hasSize(3);
    }

    @Test
    void treatsRandintAsOrdered() {
        SmacTuner tuner =
                (SmacTuner) factory.create(Settings.empty(), SearchSpace.parse(space("n", dim("randint", 0, 100))), 1);
        SplittableRandom rng = new SplittableRandom(2);
        List<double[]> neighbours = tuner.neighbours(new double[] {50}, rng);
        assertThat(neighbours)
                .isNotEmpty()
                .allSatisfy(v -> assertThat(Math.abs(v[0] - 50)).isBetween(1.0, 99.0));
        // SMAC's normal steps of 0.2 of the range: neighbours stay near, unlike a categorical resample.
        double mean = neighbours.stream()
                .mapToDouble(v -> Math.abs(v[0] - 50))
                .average()
                .orElseThrow();
        assertThat(mean).isLessThan(45);
    }

    @Test
    void keepsProposingTheOnlyPointOfAnEmptySearchSpace() {
        Tuner tuner = factory.create(Settings.empty(), SearchSpace.parse(Map.of()), 3);
        int[] calls = {0};
        SimulatedExperiment run = Runs.sequential(tuner, p -> calls[0]++ % 3, 12); // noisy, so the forest splits
        assertThat(run.history().observations())
                .hasSize(12)
                .allSatisfy(o -> assertThat(o.parameters()).isEmpty());
    }
}
