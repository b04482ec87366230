package dev.sibyl.tuner.builtin.pbt;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PbtTunerTest {
    private static final Map<String, Object> SPACE = space(
            "lr", dim("loguniform", 1e-4, 1e-1),
            "momentum", dim("uniform", 0.0, 1.0),
            "batch", dim("choice", 16, 32, 64, 128),
            "layers", dim("randint", 1, 6),
            "width", dim("quniform", 16, 256, 16));

    private final PbtFactory factory = new PbtFactory();

    private static Map<String, Object> args(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("all_checkpoint_dir", "/ck");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private Tuner tuner(Map<String, Object> args, long seed) {
        return factory.create(new Settings(args), SearchSpace.parse(SPACE), seed);
    }

    /** Asks for a whole generation, then finishes it with {@code score} per trial; returns the generation. */
    private static List<Map<String, Object>> generation(
            Tuner tuner, SimulatedExperiment experiment, int size, ToDoubleFunction<Map<String, Object>> score) {
        List<Map<String, Object>> batch = tuner.ask(experiment.history(), size + 3);
        assertThat(batch).hasSize(size);
        List<Long> ids = experiment.submit(batch);
        for (int i = 0; i < ids.size(); i++) {
            experiment.succeed(ids.get(i), score.applyAsDouble(batch.get(i)));
        }
        return batch;
    }

    private static int member(Map<String, Object> p) {
        return Integer.parseInt(((String) p.get(PbtTuner.SAVE_KEY)).split("/")[2]);
    }

    private static Map<String, Object> hyper(Map<String, Object> p) {
        Map<String, Object> out = new LinkedHashMap<>(p);
        out.remove(PbtTuner.LOAD_KEY);
        out.remove(PbtTuner.SAVE_KEY);
        return out;
    }

    @Test
    void firstGenerationGivesEveryMemberItsOwnCheckpointDirectory() {
        Tuner tuner = tuner(args("population_size", 4), 1);
        List<Map<String, Object>> first = tuner.ask(new SimulatedExperiment().history(), 10);
        assertThat(first).hasSize(4);
        for (int m = 0; m < 4; m++) {
            assertThat(first.get(m))
                    .containsEntry("load_checkpoint_dir", "/ck/" + m + "/0")
                    .containsEntry("save_checkpoint_dir", "/ck/" + m + "/0");
            assertThat(SearchSpace.parse(SPACE).check(hyper(first.get(m)))).isEmpty();
        }
        assertThat(new ArrayList<>(first.get(0).keySet()))
                .containsExactly(
                        "lr", "momentum", "batch", "layers", "width", "load_checkpoint_dir", "save_checkpoint_dir");
    }

    @Test
    void waitsUntilTheWholeGenerationHasFinished() {
        Tuner tuner = tuner(args("population_size", 3), 2);
        SimulatedExperiment experiment = new SimulatedExperiment();
        List<Map<String, Object>> first = tuner.ask(experiment.history(), 2);
        List<Long> ids = new ArrayList<>(experiment.submit(first));
        ids.addAll(experiment.submit(tuner.ask(experiment.history(), 2)));
        assertThat(ids).hasSize(3);
        assertThat(tuner.ask(experiment.history(), 1)).isEmpty();
        experiment.succeed(ids.get(0), 0.5);
        experiment.fail(ids.get(1));
        assertThat(tuner.ask(experiment.history(), 1)).isEmpty();
        experiment.succeed(ids.get(2), 0.7);
        List<Map<String, Object>> next = tuner.ask(experiment.history(), 5);
        assertThat(next).extracting(p -> p.get("save_checkpoint_dir")).containsExactly("/ck/0/1", "/ck/1/1", "/ck/2/1");
    }

    @Test
    void bottomMembersExploitATopMembersCheckpointAndTheOthersContinueTheirOwn() {
        Tuner tuner = tuner(args("population_size", 10, "fraction", 0.2, "resample_probability", 0.0), 3);
        SimulatedExperiment experiment = new SimulatedExperiment();
        // maximize (the default): member m scores m, so 8 and 9 are the top two, 0 and 1 the bottom two
        List<Map<String, Object>> g0 = generation(tuner, experiment, 10, p -> member(p));
        List<Map<String, Object>> g1 = tuner.ask(experiment.history(), 10);
        assertThat(g1).hasSize(10);
        for (int m = 0; m < 10; m++) {
            Map<String, Object> p = g1.get(m);
            assertThat(p).containsEntry("save_checkpoint_dir", "/ck/" + m + "/1");
            if (m >= 2) {
                assertThat(p).containsEntry("load_checkpoint_dir", "/ck/" + m + "/0");
                assertThat(hyper(p)).isEqualTo(hyper(g0.get(m)));
            } else {
                assertThat((String) p.get("load_checkpoint_dir")).isIn("/ck/8/0", "/ck/9/0");
                int top = Integer.parseInt(((String) p.get("load_checkpoint_dir")).split("/")[2]);
                assertPerturbedFrom(hyper(g0.get(top)), hyper(p), 0.2);
            }
        }
    }

    /** Without resampling every value moved one step from the top member's value (or stayed, when clipped). */
    private static void assertPerturbedFrom(Map<String, Object> top, Map<String, Object> explored, double factor) {
        double lr = Math.log((Double) explored.get("lr")) - Math.log((Double) top.get("lr"));
        double span = Math.log(1e-1) - Math.log(1e-4);
        assertThat(Math.abs(lr)).isLessThanOrEqualTo(factor * span + 1e-9);
        double momentum = (Double) explored.get("momentum") - (Double) top.get("momentum");
        assertThat(Math.abs(momentum)).isLessThanOrEqualTo(factor + 1e-12);
        Choice batch = (Choice) SearchSpace.parse(SPACE).dimensions().get("batch");
        assertThat(Math.abs(batch.indexOf(explored.get("batch")) - batch.indexOf(top.get("batch"))))
                .isLessThanOrEqualTo(1);
        assertThat(Math.abs((Long) explored.get("layers") - (Long) top.get("layers")))
                .isLessThanOrEqualTo(1);
        assertThat(Math.abs((Double) explored.get("width") - (Double) top.get("width")))
                .isIn(0.0, 16.0);
    }

    @Test
    void minimizeRanksTheLowestScoresOnTopAndFailuresAtTheBottom() {
        Tuner tuner = tuner(args("population_size", 4, "fraction", 0.25, "optimize_mode", "minimize"), 4);
        SimulatedExperiment experiment = new SimulatedExperiment();
        List<Map<String, Object>> g0 = tuner.ask(experiment.history(), 4);
        List<Long> ids = experiment.submit(g0);
        experiment.succeed(ids.get(0), 3.0);
        experiment.succeed(ids.get(1), -2.0); // best when minimizing
        experiment.fail(ids.get(2)); // worst, whatever the others scored
        experiment.succeed(ids.get(3), 100.0);
        List<Map<String, Object>> g1 = tuner.ask(experiment.history(), 4);
        assertThat(g1.get(2)).containsEntry("load_checkpoint_dir", "/ck/1/0");
        assertThat(g1.get(3)).containsEntry("load_checkpoint_dir", "/ck/3/0");
        assertThat(g1.get(0)).containsEntry("load_checkpoint_dir", "/ck/0/0");
    }

    @Test
    void explorationKeepsEveryValueInsideTheSpaceForEveryType() {
        Map<String, Object> json = ContractSpaces.allTenTypes();
        json.put("nested", ContractSpaces.nestedTwoLevels().get("model"));
        SearchSpace space = SearchSpace.parse(json);
        SplittableRandom rng = new SplittableRandom(6);
        for (double resample : new double[] {0.0, 0.25, 1.0}) {
            Explore explore = new Explore(0.2, resample);
            Map<String, Object> values = space.sample(rng);
            for (int i = 0; i < 2_000; i++) {
                values = explore.perturb(space, values, rng);
                assertThat(space.check(values)).as("%s", values).isEmpty();
            }
        }
    }

    @Test
    void explorationStepsUniformValuesByFactorTimesTheRangeClippedToTheBounds() {
        SearchSpace space = SearchSpace.parse(space("x", dim("uniform", 0, 10), "q", dim("quniform", 0, 10, 2.5)));
        Explore explore = new Explore(0.2, 0.0);
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, Double> seen = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> moved = explore.perturb(space, Map.of("x", 5.0, "q", 5.0), rng);
            assertThat((Double) moved.get("x")).isIn(3.0, 7.0);
            assertThat((Double) moved.get("q")).isIn(2.5, 7.5);
            seen.put("x" + moved.get("x"), 1.0);
        }
        assertThat(seen).hasSize(2); // both directions happen
        Map<String, Object> clipped = explore.perturb(space, Map.of("x", 9.5, "q", 10.0), new SplittableRandom(1));
        assertThat((Double) clipped.get("x")).isIn(7.5, 10.0);
        assertThat((Double) clipped.get("q")).isIn(7.5, 10.0);
    }

    @Test
    void sameSeedAndResultsGiveTheSameGenerationsAndAnotherSeedDiffers() {
        List<List<Map<String, Object>>> a = threeGenerations(11);
        List<List<Map<String, Object>>> b = threeGenerations(11);
        List<List<Map<String, Object>>> c = threeGenerations(12);
        assertThat(b).isEqualTo(a);
        assertThat(c.get(0)).isNotEqualTo(a.get(0));
    }

    private List<List<Map<String, Object>>> threeGenerations(long seed) {
        Tuner tuner = tuner(args("population_size", 5, "fraction", 0.4), seed);
        SimulatedExperiment experiment = new SimulatedExperiment();
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            out.add(generation(tuner, experiment, 5, p -> -Math.abs(Math.log10((Double) p.get("lr")) + 2.5)));
        }
        // a fresh tuner handed the history continues exactly as the live one
        assertThat(tuner(args("population_size", 5, "fraction", 0.4), seed).ask(experiment.history(), 5))
                .isEqualTo(tuner.ask(experiment.history(), 5));
        return out;
    }

    @Test
    void populationImprovesOverGenerationsOnAStepwiseObjective() {
        Tuner tuner = tuner(args("population_size", 10), 13);
        SimulatedExperiment experiment = new SimulatedExperiment();
        ToDoubleFunction<Map<String, Object>> score = p -> -Math.abs((Double) p.get("momentum") - 0.9);
        double first = mean(generation(tuner, experiment, 10, score), score);
        List<Map<String, Object>> last = null;
        for (int g = 0; g < 15; g++) {
            last = generation(tuner, experiment, 10, score);
        }
        assertThat(mean(last, score)).isGreaterThan(first);
        assertThat((String) last.get(0).get("save_checkpoint_dir")).isEqualTo("/ck/0/15");
    }

    private static double mean(List<Map<String, Object>> ps, ToDoubleFunction<Map<String, Object>> f) {
        return ps.stream().mapToDouble(f).average().orElseThrow();
    }

    @Test
    void ignoresCustomizedTrialsWithoutItsCheckpointLayout() {
        Tuner tuner = tuner(args("population_size", 2), 5);
        SimulatedExperiment experiment = new SimulatedExperiment();
        Map<String, Object> custom =
                new LinkedHashMap<>(SearchSpace.parse(SPACE).sample(new SplittableRandom(1)));
        custom.put("save_checkpoint_dir", "/elsewhere/0/0");
        custom.put("load_checkpoint_dir", "/elsewhere/0/0");
        experiment.succeed(experiment.submit(List.of(custom)).get(0), 1.0);
        assertThat(tuner.ask(experiment.history(), 5))
                .extracting(p -> p.get("save_checkpoint_dir"))
                .containsExactly("/ck/0/0", "/ck/1/0");
    }

    @Test
    void defaultsToARelativeCheckpointDirectoryAndValidatesItsArguments() {
        Tuner tuner = factory.create(new Settings(Map.of("population_size", 1)), SearchSpace.parse(SPACE), 1);
        assertThat(tuner.ask(new SimulatedExperiment().history(), 1).get(0))
                .containsEntry("save_checkpoint_dir", "checkpoint/0/0");
        SearchSpace space = SearchSpace.parse(SPACE);
        assertThat(factory.validate(
                        new Settings(Map.of(
                                "population_size",
                                0,
                                "fraction",
                                1.5,
                                "resample_probability",
                                -0.1,
                                "factor",
                                "big",
                                "all_checkpoint_dir",
                                "",
                                "optimize_mode",
                                "sideways")),
                        space))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "classArgs.population_size",
                        "classArgs.fraction",
                        "classArgs.resample_probability",
                        "classArgs.factor",
                        "classArgs.all_checkpoint_dir",
                        "classArgs.optimize_mode");
        SearchSpace clash = SearchSpace.parse(space("save_checkpoint_dir", dim("choice", "a")));
        assertThatThrownBy(() -> factory.create(Settings.empty(), clash, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("searchSpace.save_checkpoint_dir");
    }
}
