package dev.sibyl.tuner.builtin.bohb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.hyperband.TrialBudget;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BohbTunerTest {
    private static final Map<String, Object> SPACE = ContractSpaces.space(
            "x", ContractSpaces.dim("uniform", 0.0, 1.0),
            "y", ContractSpaces.dim("uniform", 0.0, 1.0));

    private static BohbTuner tuner(Map<String, Object> args) {
        return (BohbTuner) new BohbFactory().create(new Settings(args), SearchSpace.parse(SPACE), 9);
    }

    /** Best at (0.8, 0.2); maximized. */
    private static double objective(Map<String, Object> p) {
        double x = ((Number) p.get("x")).doubleValue();
        double y = ((Number) p.get("y")).doubleValue();
        return -((x - 0.8) * (x - 0.8) + (y - 0.2) * (y - 0.2));
    }

    /** {@code n} results with budget {@code budget} at random points. */
    private static SimulatedExperiment results(int n, long budget) {
        SimulatedExperiment e = new SimulatedExperiment();
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("x", rng.nextDouble());
            p.put("y", rng.nextDouble());
            e.succeed(e.submit(List.of(TrialBudget.with(p, budget))).get(0), objective(p));
        }
        return e;
    }

    @Test
    void nniDefaultsStartThreeConfigurationsAtBudgetOneThenPromoteOneToThree() {
        Tuner tuner = tuner(Map.of());
        SimulatedExperiment e = new SimulatedExperiment();
        List<Map<String, Object>> base = tuner.ask(e.history(), 3);
        assertThat(base).extracting(p -> p.get(TrialBudget.KEY)).containsOnly(1L);
        List<Long> ids = e.submit(base);
        for (int i = 0; i < 3; i++) {
            e.succeed(ids.get(i), new double[] {0.1, 0.7, 0.3}[i]);
        }
        assertThat(tuner.ask(e.history(), 1)).containsExactly(TrialBudget.with(base.get(1), 3L));
    }

    @Test
    void fallsBackToRandomSearchBeforeMinPointsInModel() {
        // d = 2: the model needs at least d + 1 = 3 good and 3 bad points; 5 results are not enough.
        SimulatedExperiment e = results(5, 1);
        Tuner bohb = tuner(Map.of("min_budget", 1, "max_budget", 1, "random_fraction", 0.0));
        Tuner random = new RandomFactory().create(new Settings(Map.of()), SearchSpace.parse(SPACE), 9);
        History h = e.history();
        assertThat(tuner(Map.of("min_budget", 1, "max_budget", 1)).model(h)).isNull();
        List<Map<String, Object>> proposals = bohb.ask(h, 4);
        assertThat(proposals.stream().map(TrialBudget::strip).toList()).isEqualTo(random.ask(h, 4));
    }

    @Test
    void honoursALargerMinPointsInModel() {
        History h = results(12, 1).history();
        assertThat(tuner(Map.of("min_budget", 1, "max_budget", 1)).model(h)).isNotNull();
        assertThat(tuner(Map.of("min_budget", 1, "max_budget", 1, "min_points_in_model", 13))
                        .model(h))
                .isNull();
    }

    @Test
    void modelsTheLargestBudgetWithEnoughResults() {
        SimulatedExperiment e = results(20, 1);
        SimulatedExperiment few = results(4, 9);
        few.history()
                .observations()
                .forEach(o -> e.succeed(e.submit(List.of(o.parameters())).get(0), o.value()));
        assertThat(tuner(Map.of("max_budget", 9)).model(e.history()).budget()).isEqualTo(1.0);
        SimulatedExperiment more = results(8, 3);
        more.history()
                .observations()
                .forEach(o -> e.succeed(e.submit(List.of(o.parameters())).get(0), o.value()));
        assertThat(tuner(Map.of("max_budget", 9)).model(e.history()).budget()).isEqualTo(3.0);
    }

    @Test
    void modelProposalsConcentrateNearTheBestRegion() {
        History h = results(60, 1).history();
        Map<String, Object> args = Map.of("min_budget", 1, "max_budget", 1, "random_fraction", 0.0);
        List<Map<String, Object>> guided = tuner(args).ask(h, 40);
        Tuner random = new RandomFactory().create(new Settings(Map.of()), SearchSpace.parse(SPACE), 9);
        List<Map<String, Object>> blind = random.ask(h, 40);
        double guidedMean =
                guided.stream().mapToDouble(BohbTunerTest::objective).average().orElseThrow();
        double blindMean =
                blind.stream().mapToDouble(BohbTunerTest::objective).average().orElseThrow();
        assertThat(guidedMean).isGreaterThan(blindMean + 0.1);
    }

    @Test
    void randomFractionOneIgnoresTheModel() {
        History h = results(60, 1).history();
        List<Map<String, Object>> guided = tuner(Map.of("min_budget", 1, "max_budget", 1, "random_fraction", 0.0))
                .ask(h, 40);
        List<Map<String, Object>> random = tuner(Map.of("min_budget", 1, "max_budget", 1, "random_fraction", 1.0))
                .ask(h, 40);
        double guidedMean =
                guided.stream().mapToDouble(BohbTunerTest::objective).average().orElseThrow();
        double randomMean =
                random.stream().mapToDouble(BohbTunerTest::objective).average().orElseThrow();
        // Uniform points on the unit square score about -0.43 on average.
        assertThat(randomMean).isBetween(-0.6, -0.3);
        assertThat(guidedMean).isGreaterThan(randomMean + 0.1);
    }

    @Test
    void acceptsNniConfigSpaceArgumentWithoutReadingIt() {
        assertThat(new BohbFactory()
                        .validate(
                                new Settings(Map.of("config_space", "space.pcs", "optimize_mode", "minimize")),
                                SearchSpace.parse(SPACE)))
                .isEmpty();
    }
}
