package dev.sibyl.tuner.builtin.dngo;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DngoTunerTest {
    private final DngoFactory factory = new DngoFactory();

    private static final Map<String, Object> SPACE = space("x", dim("uniform", -3, 3), "y", dim("uniform", -3, 3));

    private static double smooth(Map<String, Object> p) {
        double x = ((Number) p.get("x")).doubleValue() - 0.6;
        double y = ((Number) p.get("y")).doubleValue() + 1.1;
        return x * x + 2 * y * y;
    }

    private static double bestFound(TunerFactory f, Map<String, Object> args, long seed, int budget) {
        Tuner tuner = f.create(new Settings(args), SearchSpace.parse(SPACE), seed);
        SimulatedExperiment run = Runs.sequential(tuner, DngoTunerTest::smooth, budget);
        return run.history().observations().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
    }

    @Test
    void isRegisteredUnderNniNameAndAlias() {
        assertThat(Algorithms.builtin().tuner("DNGOTuner")).containsInstanceOf(DngoFactory.class);
        assertThat(Algorithms.builtin().tuner("dngo")).containsInstanceOf(DngoFactory.class);
    }

    @Test
    void rejectsUnsupportedTypesAndBadClassArgsNamingTheField() {
        SearchSpace space = SearchSpace.parse(space("x", dim("uniform", 0, 1), "n", dim("qnormal", 0, 1, 0.5)));
        assertThat(factory.validate(new Settings(Map.of("sample_size", 0, "trials_per_update", "x")), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "classArgs.sample_size", "classArgs.trials_per_update", "searchSpace.n._type");
    }

    @Test
    void beatsRandomSearchOnASmoothFunctionOverSeeds() {
        int wins = 0;
        double[] dngo = new double[5];
        double[] random = new double[5];
        for (int s = 0; s < 5; s++) {
            dngo[s] = bestFound(factory, Map.of("optimize_mode", "minimize", "trials_per_update", 10), s, 40);
            random[s] = bestFound(new RandomFactory(), Map.of(), s, 40);
            wins += dngo[s] < random[s] ? 1 : 0;
        }
        assertThat(wins)
                .as("DNGO %s vs Random %s", Arrays.toString(dngo), Arrays.toString(random))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void bayesianLinearRegressionRecoversALinearFunctionWithTheEvidenceFit() {
        // Features (x, 1) and y = 2x - 1 plus small noise: the posterior mean must be the line.
        SplittableRandom rng = new SplittableRandom(1);
        BayesianLinearRegression.Statistics s = new BayesianLinearRegression.Statistics(2);
        for (int i = 0; i < 200; i++) {
            double x = rng.nextDouble(-1, 1);
            s.add(new double[] {x, 1}, 2 * x - 1 + 0.01 * rng.nextGaussian());
        }
        BayesianLinearRegression blr = BayesianLinearRegression.fit(s, 50);
        assertThat(blr.predict(new double[] {0.5, 1})[0]).isCloseTo(0.0, within(0.01));
        assertThat(blr.predict(new double[] {-0.5, 1})[0]).isCloseTo(-2.0, within(0.01));
        // Noise precision near 1 / 0.01² = 10,000.
        assertThat(blr.beta()).isBetween(5_000.0, 20_000.0);
    }
}
