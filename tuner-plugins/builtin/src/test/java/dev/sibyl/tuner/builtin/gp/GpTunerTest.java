package dev.sibyl.tuner.builtin.gp;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
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

class GpTunerTest {
    private final GpFactory factory = new GpFactory();

    /** A smooth 2-d bowl with a ridge, minimum 0 at (0.6, -1.1), on [-3, 3]². */
    private static double smooth(Map<String, Object> p) {
        double x = ((Number) p.get("x")).doubleValue() - 0.6;
        double y = ((Number) p.get("y")).doubleValue() + 1.1;
        return x * x + 2 * y * y + 0.5 * Math.sin(2 * x) * Math.sin(2 * x);
    }

    private static final Map<String, Object> SMOOTH_SPACE =
            space("x", dim("uniform", -3, 3), "y", dim("uniform", -3, 3));

    static double bestFound(TunerFactory f, Map<String, Object> args, long seed, int budget) {
        Tuner tuner = f.create(new Settings(args), SearchSpace.parse(SMOOTH_SPACE), seed);
        SimulatedExperiment run = Runs.sequential(tuner, GpTunerTest::smooth, budget);
        return run.history().observations().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void beatsRandomSearchClearlyOnASmoothTwoDimensionalFunctionOverSeeds() {
        int seeds = 7;
        double[] gp = new double[seeds];
        double[] random = new double[seeds];
        int wins = 0;
        for (int s = 0; s < seeds; s++) {
            gp[s] = bestFound(
                    factory,
                    Map.of(
                            "optimize_mode",
                            "minimize",
                            "selection_num_warm_up",
                            2000,
                            "selection_num_starting_points",
                            3),
                    s,
                    30);
            random[s] = bestFound(new RandomFactory(), Map.of(), s, 30);
            if (gp[s] < random[s]) {
                wins++;
            }
        }
        assertThat(wins)
                .as("GP %s vs Random %s", Arrays.toString(gp), Arrays.toString(random))
                .isGreaterThanOrEqualTo(6);
        assertThat(median(gp)).isLessThan(median(random) / 20);
    }

    @Test
    void isRegisteredUnderNniNameAndAlias() {
        assertThat(Algorithms.builtin().tuner("GPTuner")).containsInstanceOf(GpFactory.class);
        assertThat(Algorithms.builtin().tuner("gp")).containsInstanceOf(GpFactory.class);
    }

    @Test
    void rejectsUnsupportedTypesNamingTheField() {
        SearchSpace space = SearchSpace.parse(space(
                "ok", dim("uniform", 0, 1),
                "n", dim("normal", 0, 1),
                "words", dim("choice", "relu", "tanh"),
                "flag", dim("choice", true, false),
                "nested", dim("choice", option("a", "k", dim("uniform", 0, 1)), option("b"))));
        List<Violation> violations = factory.validate(Settings.empty(), space);
        assertThat(violations)
                .extracting(Violation::field)
                .containsExactly(
                        "searchSpace.n._type",
                        "searchSpace.words._type",
                        "searchSpace.flag._type",
                        "searchSpace.nested._type");
        assertThatThrownBy(() -> factory.create(Settings.empty(), space, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("searchSpace.n._type");
    }

    @Test
    void validatesClassArgsWithNniNames() {
        SearchSpace space = SearchSpace.parse(SMOOTH_SPACE);
        assertThat(factory.validate(
                        new Settings(Map.of(
                                "utility",
                                "poi",
                                "kappa",
                                2,
                                "xi",
                                0.1,
                                "nu",
                                1.5,
                                "alpha",
                                1e-4,
                                "cold_start_num",
                                3,
                                "selection_num_warm_up",
                                1000,
                                "selection_num_starting_points",
                                10)),
                        space))
                .isEmpty();
        assertThat(factory.validate(new Settings(Map.of("nu", "inf")), space)).isEmpty();
        assertThat(factory.validate(
                        new Settings(Map.of("utility", "pi", "nu", 2.0, "kappa", -1, "optimize_mode", "up")), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "classArgs.utility", "classArgs.nu", "classArgs.kappa", "classArgs.optimize_mode");
    }

    @Test
    void proposesPriorDrawsDuringTheColdStart() {
        Tuner tuner = factory.create(new Settings(Map.of("cold_start_num", 4)), SearchSpace.parse(SMOOTH_SPACE), 3);
        Tuner again = factory.create(new Settings(Map.of("cold_start_num", 4)), SearchSpace.parse(SMOOTH_SPACE), 3);
        List<Map<String, Object>> first = tuner.ask(History.empty(), 4);
        assertThat(first).hasSize(4).doesNotHaveDuplicates();
        assertThat(again.ask(History.empty(), 4)).isEqualTo(first);
    }

    @Test
    void aBatchWithPendingPointsSpreadsOutInsteadOfRepeatingOnePoint() {
        Tuner tuner = factory.create(
                new Settings(Map.of("optimize_mode", "minimize", "selection_num_warm_up", 2000)),
                SearchSpace.parse(SMOOTH_SPACE),
                5);
        SimulatedExperiment run = Runs.sequential(tuner, GpTunerTest::smooth, 15);
        List<Map<String, Object>> batch = tuner.ask(run.history(), 4);
        assertThat(batch).hasSize(4);
        List<double[]> points = new ArrayList<>();
        for (Map<String, Object> p : batch) {
            points.add(new double[] {((Number) p.get("x")).doubleValue(), ((Number) p.get("y")).doubleValue()});
        }
        for (int i = 0; i < points.size(); i++) {
            for (int j = 0; j < i; j++) {
                double dx = points.get(i)[0] - points.get(j)[0];
                double dy = points.get(i)[1] - points.get(j)[1];
                assertThat(Math.hypot(dx, dy)).as("proposals %s and %s", i, j).isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void hyperparametersAreRefittedOnAScheduleOfLeadingPoints() {
        assertThat(GpSurrogate.fitSize(7)).isEqualTo(7);
        assertThat(GpSurrogate.fitSize(20)).isEqualTo(20);
        assertThat(GpSurrogate.fitSize(22)).isEqualTo(20);
        assertThat(GpSurrogate.fitSize(23)).isEqualTo(23);
        assertThat(GpSurrogate.fitSize(500)).isLessThanOrEqualTo(500).isGreaterThan(430);
        int refits = 0;
        for (int n = 21; n <= 500; n++) {
            if (GpSurrogate.fitSize(n) != GpSurrogate.fitSize(n - 1)) {
                refits++;
            }
        }
        assertThat(refits).isLessThan(40);
    }

    @Test
    void decodesNumericChoicesRandintsAndLogTypesFaithfully() {
        SearchSpace space = SearchSpace.parse(space(
                "c", dim("choice", 1, 10, 4),
                "r", dim("randint", -2, 3),
                "lr", dim("qloguniform", 0.001, 100, 1)));
        UnitCube cube = UnitCube.of(space);
        Map<String, Object> p = cube.decode(new double[] {0.35, 0.0, 1.0});
        // 4 sits at (4 - 1) / 9 = 0.33 on the choice axis, nearest to 0.35.
        assertThat(p).containsEntry("c", 4).containsEntry("r", -2L).containsEntry("lr", 100.0);
        assertThat(cube.decode(cube.encode(p))).isEqualTo(p);
        assertThat(cube.encode(Map.of("c", 5, "r", 0L, "lr", 1.0))).isNull();
    }
}
