package dev.sibyl.tuner.builtin.tpe;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
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
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpeTest {
    private final TpeFactory factory = new TpeFactory();

    private static final Map<String, Object> SPHERE_SPACE = space(
            "x0", dim("uniform", -5, 5),
            "x1", dim("uniform", -5, 5),
            "x2", dim("uniform", -5, 5),
            "x3", dim("uniform", -5, 5));

    /** A sphere whose minimum (0) sits off the centre of the box, at 1.3 in every coordinate. */
    private static double sphere(Map<String, Object> p) {
        double sum = 0;
        for (Object v : p.values()) {
            double d = (Double) v - 1.3;
            sum += d * d;
        }
        return sum;
    }

    private static double bestFound(TunerFactory f, Map<String, Object> args, long seed, int budget) {
        Tuner tuner = f.create(new Settings(args), SearchSpace.parse(SPHERE_SPACE), seed);
        SimulatedExperiment run = Runs.sequential(tuner, TpeTest::sphere, budget);
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
    void findsBetterPointsThanRandomSearchOnAContinuousObjective() {
        int seeds = 9;
        double[] tpe = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            tpe[s] = bestFound(factory, Map.of(), s, 100);
            random[s] = bestFound(new RandomFactory(), Map.of(), s, 100);
        }
        // Median best-found over seeds; random search at 100 trials is typically around 2 on this sphere.
        assertThat(median(tpe))
                .as("TPE %s vs random %s", Arrays.toString(tpe), Arrays.toString(random))
                .isLessThan(median(random) / 2);
    }

    @Test
    void minimizesByDefaultAndMaximizesWhenAsked() {
        Map<String, Object> json = space("x", dim("uniform", 0, 1), "y", dim("uniform", 0, 1));
        ToDoubleFunction<Map<String, Object>> x = p -> (Double) p.get("x");
        double minimizing = meanOfLast(factory.create(Settings.empty(), SearchSpace.parse(json), 3), x, 60, 20);
        double maximizing = meanOfLast(
                factory.create(new Settings(Map.of("optimize_mode", "maximize")), SearchSpace.parse(json), 3),
                x,
                60,
                20);
        assertThat(minimizing).isLessThan(0.3);
        assertThat(maximizing).isGreaterThan(0.7);
    }

    private static double meanOfLast(Tuner tuner, ToDoubleFunction<Map<String, Object>> f, int budget, int last) {
        List<Observation> all = Runs.sequential(tuner, f, budget).history().observations();
        return all.subList(all.size() - last, all.size()).stream()
                .mapToDouble(o -> f.applyAsDouble(o.parameters()))
                .average()
                .orElseThrow();
    }

    @Test
    void learnsInsideChoicesNestedTwoLevelsDeep() {
        Map<String, Object> json = space(
                "model",
                dim(
                        "choice",
                        option(
                                "svm",
                                "kernel",
                                dim(
                                        "choice",
                                        option("rbf", "gamma", dim("loguniform", 1e-5, 1)),
                                        option("linear", "c", dim("uniform", 0, 1)))),
                        option("forest", "trees", dim("randint", 10, 500)),
                        option("knn", "k", dim("quniform", 1, 50, 1))));
        ToDoubleFunction<Map<String, Object>> loss = p -> {
            Map<?, ?> model = (Map<?, ?>) p.get("model");
            if (!"svm".equals(model.get("_name"))) {
                return 2.0;
            }
            Map<?, ?> kernel = (Map<?, ?>) model.get("kernel");
            if (!"rbf".equals(kernel.get("_name"))) {
                return 1.0;
            }
            return Math.abs(Math.log10((Double) kernel.get("gamma")) + 2) / 5;
        };
        Tuner tuner = factory.create(Settings.empty(), SearchSpace.parse(json), 11);
        List<Observation> all = Runs.sequential(tuner, loss, 90).history().observations();
        List<Observation> last = all.subList(60, 90);
        long svmRbf = last.stream()
                .filter(o -> loss.applyAsDouble(o.parameters()) < 1.0)
                .count();
        assertThat(svmRbf)
                .as("random search would pick svm/rbf one time in six")
                .isGreaterThanOrEqualTo(18);
        double bestGamma = all.stream()
                .mapToDouble(o -> loss.applyAsDouble(o.parameters()))
                .min()
                .orElseThrow();
        assertThat(bestGamma).isLessThan(0.1);
    }

    @Test
    void pendingParameterSetsShapeProposalsOnlyThroughTheConstantLiar() {
        Map<String, Object> json = space("x", dim("uniform", 0, 1), "y", dim("uniform", 0, 1));
        SearchSpace space = SearchSpace.parse(json);
        SimulatedExperiment base = Runs.sequential(
                factory.create(Settings.empty(), space, 1), p -> (Double) p.get("x") + (Double) p.get("y"), 30);
        List<Observation> pending = new ArrayList<>(base.history().observations());
        List<Observation> failed = new ArrayList<>(base.history().observations());
        for (int i = 0; i < 6; i++) {
            Map<String, Object> p = Map.of("x", 0.02 + 0.01 * i, "y", 0.05);
            pending.add(Observation.pending(100 + i, p));
            failed.add(new Observation(100 + i, p, Observation.Outcome.FAILED, null, List.of()));
        }
        History withPending = new History(pending);
        History withFailed = new History(failed);

        Map<String, Object> noLiar = new HashMap<>();
        noLiar.put("constant_liar_type", null);
        Tuner honest = factory.create(new Settings(Map.of("tpe_args", noLiar)), space, 5);
        assertThat(honest.ask(withPending, 3)).isEqualTo(honest.ask(withFailed, 3));

        Tuner liar = factory.create(new Settings(Map.of("tpe_args", Map.of("constant_liar_type", "worst"))), space, 5);
        assertThat(liar.ask(withPending, 3)).isNotEqualTo(liar.ask(withFailed, 3));
    }

    @Test
    void seedClassArgOverridesTheExperimentSeed() {
        SearchSpace space = SearchSpace.parse(SPHERE_SPACE);
        Settings seeded = new Settings(Map.of("seed", 77));
        List<Map<String, Object>> a = factory.create(seeded, space, 1).ask(History.empty(), 5);
        List<Map<String, Object>> b = factory.create(seeded, space, 2).ask(History.empty(), 5);
        List<Map<String, Object>> c = factory.create(Settings.empty(), space, 2).ask(History.empty(), 5);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void validateNamesEveryBadClassArgsField() {
        SearchSpace space = SearchSpace.parse(SPHERE_SPACE);
        Map<String, Object> tpeArgs = new HashMap<>();
        tpeArgs.put("gamma", "a quarter");
        tpeArgs.put("n_ei_candidates", 0);
        tpeArgs.put("constant_liar_type", "sometimes");
        tpeArgs.put("prior_weight", -1);
        tpeArgs.put("bandwidth", 3);
        Map<String, Object> args = new HashMap<>();
        args.put("optimize_mode", "upwards");
        args.put("seed", "forty-two");
        args.put("tpe_args", tpeArgs);
        assertThat(factory.validate(new Settings(args), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "classArgs.optimize_mode",
                        "classArgs.seed",
                        "classArgs.tpe_args.gamma",
                        "classArgs.tpe_args.n_ei_candidates",
                        "classArgs.tpe_args.constant_liar_type",
                        "classArgs.tpe_args.prior_weight",
                        "classArgs.tpe_args.bandwidth");
        assertThat(factory.validate(new Settings(Map.of("tpe_args", Map.of("gamma", 0))), space))
                .extracting(Violation::field)
                .containsExactly("classArgs.tpe_args.gamma");
        assertThat(factory.validate(new Settings(Map.of("tpe_args", "fast")), space))
                .extracting(Violation::field)
                .containsExactly("classArgs.tpe_args");
        Map<String, Object> nniExample = Map.of(
                "optimize_mode",
                "maximize",
                "seed",
                12345,
                "tpe_args",
                Map.of(
                        "constant_liar_type", "mean",
                        "n_startup_jobs", 10,
                        "n_ei_candidates", 20,
                        "linear_forgetting", 100,
                        "prior_weight", 0,
                        "gamma", 0.5));
        assertThat(factory.validate(new Settings(nniExample), space)).isEmpty();
    }
}
