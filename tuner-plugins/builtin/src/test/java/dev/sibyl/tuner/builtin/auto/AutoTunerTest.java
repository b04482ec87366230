package dev.sibyl.tuner.builtin.auto;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.builtin.auto.AutoPlan.Stage;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoTunerTest {
    private static final int FOREVER = Integer.MAX_VALUE;

    private static AutoPlan plan(Map<String, Object> spaceJson, Map<String, Object> classArgs) {
        Tuner tuner = new AutoFactory().create(new Settings(classArgs), SearchSpace.parse(spaceJson), 1);
        return ((AutoTuner) tuner).plan();
    }

    private static Map<String, Object> box(int dimensions) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < dimensions; i++) {
            out.put("x" + i, dim("uniform", -5, 10));
        }
        return out;
    }

    @Test
    void enumeratesASpaceTheBudgetCovers() {
        Map<String, Object> finite = ContractSpaces.finite().json(); // 54 parameter sets
        assertThat(plan(finite, Map.of()).stages()).containsExactly(new Stage("GridSearch", FOREVER));
        assertThat(plan(finite, Map.of("maxTrialNumber", 54)).stages())
                .containsExactly(new Stage("GridSearch", FOREVER));
        assertThat(plan(finite, Map.of("maxTrialNumber", 53)).stages())
                .doesNotContain(new Stage("GridSearch", FOREVER));
    }

    @Test
    void runsAGaussianProcessForTheBudgetOnALowDimensionalContinuousSpaceThenCmaEs() {
        assertThat(plan(box(6), Map.of()).stages())
                .containsExactly(new Stage("GPTuner", 100, true), new Stage("CMAES", FOREVER));
        assertThat(plan(box(2), Map.of("maxTrialNumber", 40)).stages())
                .containsExactly(new Stage("GPTuner", 40, true), new Stage("CMAES", FOREVER));
    }

    @Test
    void capsTheGaussianProcessStageForLargeBudgets() {
        assertThat(plan(box(3), Map.of("maxTrialNumber", 5000)).stages())
                .containsExactly(new Stage("GPTuner", AutoPlan.GP_MAX_PROPOSALS, true), new Stage("CMAES", FOREVER));
    }

    @Test
    void givesHighDimensionalAndNormalTypedNumericSpacesToCmaEs() {
        assertThat(plan(box(AutoPlan.GP_MAX_PARAMETERS + 1), Map.of()).stages())
                .containsExactly(new Stage("CMAES", FOREVER));
        assertThat(plan(space("a", dim("normal", 0, 1), "b", dim("uniform", 0, 1)), Map.of())
                        .stages())
                .containsExactly(new Stage("CMAES", FOREVER));
    }

    @Test
    void givesConditionalSpacesToCmaEs() {
        Map<String, Object> nested = space(
                "model",
                dim(
                        "choice",
                        option("svm", "C", dim("loguniform", 0.001, 1000)),
                        option("rf", "depth", dim("randint", 2, 33), "frac", dim("uniform", 0, 1))));
        assertThat(plan(nested, Map.of()).stages()).containsExactly(new Stage("CMAES", FOREVER));
    }

    @Test
    void exploresFlatSpacesWithTextOptionsWithCmaEsForAThirdOfTheBudgetThenAnneals() {
        Map<String, Object> mixed = space(
                "optimizer",
                dim("choice", "sgd", "adam"),
                "lr",
                dim("loguniform", 1e-5, 1),
                "bs",
                dim("choice", 16, 32));
        assertThat(plan(mixed, Map.of()).stages())
                .containsExactly(new Stage("CMAES", 30), new Stage("Anneal", FOREVER));
        assertThat(plan(mixed, Map.of("maxTrialNumber", 10)).stages())
                .containsExactly(new Stage("CMAES", 3), new Stage("Anneal", FOREVER));
    }

    @Test
    void anAskAcrossTheHandOverTakesEachPartFromItsStageTuner() {
        Map<String, Object> json = box(2);
        SearchSpace space = SearchSpace.parse(json);
        Map<String, Object> args = Map.of("optimize_mode", "minimize", "maxTrialNumber", 12, "seed", 5);
        Tuner auto = new AutoFactory().create(new Settings(args), space, 0);
        SimulatedExperiment experiment = Runs.sequential(auto, AutoTunerTest::sphere, 10);

        List<Map<String, Object>> asked = auto.ask(experiment.history(), 4);

        Settings stageArgs = new Settings(Map.of("optimize_mode", "minimize"));
        Tuner gp = factory("GPTuner").create(stageArgs, space, 5);
        Tuner cmaes = factory("CMAES").create(stageArgs, space, 5);
        List<Map<String, Object>> fromGp = gp.ask(PowerWarp.of(experiment.history(), OptimizeMode.MINIMIZE), 2);
        History withPending = experiment
                .history()
                .plus(Observation.pending(10, fromGp.get(0)))
                .plus(Observation.pending(11, fromGp.get(1)));
        assertThat(asked).hasSize(4);
        assertThat(asked.subList(0, 2)).isEqualTo(fromGp);
        assertThat(asked.subList(2, 4)).isEqualTo(cmaes.ask(withPending, 2));
    }

    @Test
    void stopsWhenTheEnumeratedSpaceRunsOut() {
        Tuner auto = new AutoFactory()
                .create(
                        Settings.empty(),
                        SearchSpace.parse(ContractSpaces.finite().json()),
                        3);
        assertThat(Runs.untilExhausted(auto, 100)).hasSize(54).doesNotHaveDuplicates();
    }

    @Test
    void closesInOnTheMinimumOfASmoothFunction() {
        Tuner auto = new AutoFactory()
                .create(
                        new Settings(Map.of("optimize_mode", "minimize", "maxTrialNumber", 30)),
                        SearchSpace.parse(box(2)),
                        9);
        SimulatedExperiment experiment = Runs.sequential(auto, AutoTunerTest::sphere, 30);
        double best = experiment.history().withValues().stream()
                .mapToDouble(Observation::value)
                .min()
                .orElseThrow();
        // Random search needs ~1,000 draws for this on a 15 x 15 box; the GP stage gets there in 30.
        assertThat(best).isLessThan(0.05);
    }

    @Test
    void rejectsABudgetBelowOneNamingTheField() {
        Settings args = new Settings(Map.of("maxTrialNumber", 0));
        SearchSpace space = SearchSpace.parse(box(2));
        assertThat(new AutoFactory().validate(args, space))
                .extracting(Violation::field)
                .containsExactly("classArgs.maxTrialNumber");
        assertThatThrownBy(() -> new AutoFactory().create(args, space, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("classArgs.maxTrialNumber");
    }

    private static TunerFactory factory(String name) {
        return Algorithms.builtin().tuner(name).orElseThrow();
    }

    private static double sphere(Map<String, Object> p) {
        double x = ((Number) p.get("x0")).doubleValue() - 1;
        double y = ((Number) p.get("x1")).doubleValue() - 2;
        return x * x + y * y;
    }
}
