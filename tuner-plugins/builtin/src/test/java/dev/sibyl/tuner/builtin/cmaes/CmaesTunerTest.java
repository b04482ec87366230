package dev.sibyl.tuner.builtin.cmaes;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CmaesTunerTest {
    private static final Map<String, Object> SPHERE_SPACE = space(
            "x0", dim("uniform", -5, 5),
            "x1", dim("uniform", -5, 5),
            "x2", dim("uniform", -5, 5),
            "x3", dim("uniform", -5, 5),
            "x4", dim("uniform", -5, 5));

    private final CmaesFactory factory = new CmaesFactory();

    /** A sphere whose minimum (0) sits off the centre of the box, at 1.3 in every coordinate. */
    static double sphere(Map<String, Object> p) {
        double sum = 0;
        for (Object v : p.values()) {
            double d = ((Number) v).doubleValue() - 1.3;
            sum += d * d;
        }
        return sum;
    }

    private static double best(TunerFactory f, long seed, int budget) {
        Tuner t = f.create(Settings.empty(), SearchSpace.parse(SPHERE_SPACE), seed);
        return Runs.sequential(t, CmaesTunerTest::sphere, budget).history().observations().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
    }

    @Test
    void convergesOnASphereFarBetterThanRandomSearch() {
        double[] cma = new double[7];
        double[] random = new double[7];
        for (int seed = 0; seed < cma.length; seed++) {
            cma[seed] = best(factory, seed, 200);
            random[seed] = best(new RandomFactory(), seed, 200);
        }
        Arrays.sort(cma);
        Arrays.sort(random);
        assertThat(cma[3]).isLessThan(random[3] / 100);
        assertThat(cma[3]).isLessThan(0.05);
    }

    @Test
    void answersToItsNameAndAliasesInAnyCase() {
        for (String name : List.of("CMAES", "cmaes", "CmaEs", "CMA-ES", "cma-es")) {
            assertThat(Algorithms.builtin().tuner(name)).as(name).get().isInstanceOf(CmaesFactory.class);
        }
    }

    @Test
    void defaultPopulationIsFourPlusThreeLnOfTheDimension() {
        assertThat(tuner(SPHERE_SPACE, Map.of()).popsize()).isEqualTo(8);
        assertThat(tuner(space("x", dim("uniform", 0, 1)), Map.of()).popsize()).isEqualTo(4);
        Map<String, Object> ten = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("x" + i, dim("normal", 0, 1));
        }
        ten.put("c", dim("choice", 1, 2));
        assertThat(tuner(ten, Map.of()).popsize()).isEqualTo(10);
        assertThat(tuner(SPHERE_SPACE, Map.of("popsize", 12)).popsize()).isEqualTo(12);
    }

    @Test
    void rejectsAStepSizeOutsideTheUnitRangeAndATinyPopulation() {
        SearchSpace space = SearchSpace.parse(SPHERE_SPACE);
        assertThat(factory.validate(new Settings(Map.of("sigma0", 1.5, "popsize", 1)), space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.sigma0", "classArgs.popsize");
        assertThat(factory.validate(new Settings(Map.of("sigma0", 0.0)), space))
                .extracting(Violation::field)
                .containsExactly("classArgs.sigma0");
        assertThat(factory.validate(new Settings(Map.of("sigma0", 0.3, "popsize", 6, "seed", 1)), space))
                .isEmpty();
    }

    @Test
    void pendingAndFailedMembersBothRankLastWithTheConstantLiar() {
        SimulatedExperiment pending = firstGeneration();
        SimulatedExperiment failed = firstGeneration();
        for (long id : failed.pendingIds()) {
            failed.fail(id);
        }
        Tuner t = tuner(SPHERE_SPACE, Map.of("seed", 4));
        assertThat(t.ask(pending.history(), 3))
                .isEqualTo(tuner(SPHERE_SPACE, Map.of("seed", 4)).ask(failed.history(), 3));
    }

    @Test
    void cachedStateIsRebuiltWhenAPendingMemberCompletes() {
        SimulatedExperiment experiment = firstGeneration();
        Tuner live = tuner(SPHERE_SPACE, Map.of("seed", 4));
        List<Map<String, Object>> withLiar = live.ask(experiment.history(), 2);
        for (long id : experiment.pendingIds()) {
            experiment.succeed(id, -1.0); // the pending ones turn out best
        }
        List<Map<String, Object>> withValues = live.ask(experiment.history(), 2);
        assertThat(withValues).isEqualTo(tuner(SPHERE_SPACE, Map.of("seed", 4)).ask(experiment.history(), 2));
        assertThat(withValues).isNotEqualTo(withLiar);
    }

    @Test
    void categoricalParametersFollowTheEliteFrequencies() {
        Map<String, Object> spaceJson = space("x", dim("uniform", 0, 1), "opt", dim("choice", "a", "b", "c", "d", "e"));
        Tuner t = tuner(spaceJson, Map.of());
        SimulatedExperiment run =
                Runs.sequential(t, p -> Math.abs((Double) p.get("x") - 0.5) + ("c".equals(p.get("opt")) ? 0 : 1), 80);
        List<Observation> last = run.history().observations().subList(60, 80);
        long c =
                last.stream().filter(o -> "c".equals(o.parameters().get("opt"))).count();
        assertThat(c).as("proposals of the best option among the last 20").isGreaterThan(8);
    }

    @Test
    void searchesSpacesWithoutNumericParametersByEliteSamplingAlone() {
        Map<String, Object> spaceJson = space("a", dim("choice", 1, 2, 3), "b", dim("randint", 0, 4));
        List<Map<String, Object>> all = Runs.untilExhausted(tuner(spaceJson, Map.of()), 100);
        assertThat(all).hasSize(12).doesNotHaveDuplicates();
    }

    private CmaesTuner tuner(Map<String, Object> spaceJson, Map<String, Object> args) {
        return (CmaesTuner) factory.create(new Settings(args), SearchSpace.parse(spaceJson), 11);
    }

    /** A first generation of 8 (the default for five dimensions): 6 scored, the last 2 pending. */
    private SimulatedExperiment firstGeneration() {
        SimulatedExperiment experiment = new SimulatedExperiment();
        Tuner t = tuner(SPHERE_SPACE, Map.of("seed", 4));
        List<Map<String, Object>> batch = t.ask(experiment.history(), 8);
        List<Long> ids = experiment.submit(batch);
        for (int i = 0; i < 6; i++) {
            experiment.succeed(ids.get(i), sphere(batch.get(i)));
        }
        return experiment;
    }
}
