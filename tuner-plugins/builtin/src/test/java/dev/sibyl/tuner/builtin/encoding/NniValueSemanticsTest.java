package dev.sibyl.tuner.builtin.encoding;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.Runs;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Golden tests of NNI's value semantics (formatting.py), through every sampling tuner and the encoding. */
class NniValueSemanticsTest {
    private static final List<String> TUNERS = List.of("Random", "TPE", "GridSearch");

    private static Tuner tuner(String name, Map<String, Object> spaceJson) {
        return Algorithms.builtin()
                .tuner(name)
                .orElseThrow()
                .create(Settings.empty(), SearchSpace.parse(spaceJson), 42);
    }

    /** Every value a tuner proposes for {@code x} before it runs out (finite spaces only). */
    private static Set<Object> allValues(String tunerName, Map<String, Object> spaceJson) {
        return new HashSet<>(Runs.values(Runs.untilExhausted(tuner(tunerName, spaceJson), 5_000), "x"));
    }

    @Test
    void quniformOnAQuarterGridGivesExactlyFiveValues() {
        for (String t : TUNERS) {
            assertThat(allValues(t, space("x", dim("quniform", 0, 10, 2.5))))
                    .as(t)
                    .containsExactlyInAnyOrder(0.0, 2.5, 5.0, 7.5, 10.0);
        }
    }

    @Test
    void quniformClipsRoundedValuesToTheBounds() {
        for (String t : TUNERS) {
            assertThat(allValues(t, space("x", dim("quniform", 2, 10, 5))))
                    .as(t)
                    .containsExactlyInAnyOrder(2.0, 5.0, 10.0);
            assertThat(allValues(t, space("x", dim("quniform", -5.5, -0.5, 6))))
                    .as(t)
                    .containsExactlyInAnyOrder(-5.5, -0.5);
        }
    }

    @Test
    void quantizationRoundsHalfToEven() {
        Numeric unit = new Numeric(Numeric.Kind.QUNIFORM, 0, 10, 1);
        assertThat(FlatSpace.valueOf(unit, 2.5)).isEqualTo(2.0);
        assertThat(FlatSpace.valueOf(unit, 3.5)).isEqualTo(4.0);
        assertThat(FlatSpace.valueOf(unit, 0.5)).isEqualTo(0.0);
        Numeric quarter = new Numeric(Numeric.Kind.QUNIFORM, 0, 10, 2.5);
        assertThat(FlatSpace.valueOf(quarter, 6.25)).isEqualTo(5.0); // 6.25 / 2.5 = 2.5 -> 2
        assertThat(FlatSpace.valueOf(quarter, 8.75)).isEqualTo(10.0); // 3.5 -> 4
        Numeric qnormal = new Numeric(Numeric.Kind.QNORMAL, 0, 1, 1);
        assertThat(FlatSpace.valueOf(qnormal, -1.5)).isEqualTo(-2.0);
        assertThat(Double.doubleToRawLongBits(FlatSpace.valueOf(qnormal, -0.5)))
                .as("round(-0.5) is +0.0, never -0.0")
                .isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void qloguniformQuantizesAndClipsInTheOriginalSpace() {
        for (String t : TUNERS) {
            // exp(u) in [1, 7]: round to multiples of 4 gives 0, 4 or 8, then clipped to 1 and 7 (not to e^ln(1)).
            assertThat(allValues(t, space("x", dim("qloguniform", 1, 7, 4))))
                    .as(t)
                    .containsExactlyInAnyOrder(1.0, 4.0, 7.0);
        }
        Set<Object> expected = new HashSet<>();
        expected.add(0.001);
        IntStream.rangeClosed(1, 100).forEach(i -> expected.add((double) i));
        assertThat(allValues("Random", space("x", dim("qloguniform", 0.001, 100, 1))))
                .isEqualTo(expected);
    }

    @Test
    void randintIsUpperExclusiveAndIntegral() {
        for (String t : TUNERS) {
            assertThat(allValues(t, space("x", dim("randint", 1, 4)))).as(t).containsExactlyInAnyOrder(1L, 2L, 3L);
        }
        SearchSpace wide = SearchSpace.parse(space("x", dim("randint", 1, 4), "y", dim("uniform", 0, 1)));
        Tuner random = Algorithms.builtin().tuner("Random").orElseThrow().create(Settings.empty(), wide, 1);
        List<Object> draws = Runs.sequential(random, p -> 0, 300).history().observations().stream()
                .map(o -> o.parameters().get("x"))
                .toList();
        assertThat(draws).hasSize(300);
        assertThat(new HashSet<>(draws)).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void loguniformIsUniformInLogSpace() {
        FlatSpace flat = FlatSpace.of(SearchSpace.parse(space("x", dim("loguniform", 1e-4, 1))));
        SplittableRandom rng = new SplittableRandom(5);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 4001; i++) {
            values.add((Double) flat.decode(flat.sample(rng)).get("x"));
        }
        Collections.sort(values);
        assertThat(values.get(2000)).as("median is the geometric mean 1e-2").isBetween(7e-3, 1.4e-2);
        assertThat(values.get(0)).isGreaterThanOrEqualTo(1e-4);
        assertThat(values.get(4000)).isLessThanOrEqualTo(1.0);
    }

    @Test
    void qlognormalZeroIsReadBackAsTheEdgeOfItsRoundingInterval() {
        FlatSpace flat = FlatSpace.of(SearchSpace.parse(space("x", dim("qlognormal", -2, 1, 0.5))));
        double[] x = flat.encode(Map.of("x", 0.0));
        assertThat(x[0]).isEqualTo(Math.log(0.25));
        assertThat(flat.decode(x)).containsEntry("x", 0.0);
    }

    @Test
    void nestedChoicesDecodeToTheOptionNameAndItsSubParametersOnly() {
        Map<String, Object> json = space(
                "model",
                dim(
                        "choice",
                        option(
                                "svm",
                                "C",
                                dim("uniform", 0, 1),
                                "kernel",
                                dim("choice", option("rbf", "gamma", dim("loguniform", 1e-3, 1)), option("linear"))),
                        option("forest", "trees", dim("randint", 10, 20))),
                "seed",
                dim("choice", 1, 2));
        FlatSpace flat = FlatSpace.of(SearchSpace.parse(json));
        assertThat(flat.params())
                .extracting(FlatSpace.Param::path)
                .containsExactly(
                        "model",
                        "model[svm].C",
                        "model[svm].kernel",
                        "model[svm].kernel[rbf].gamma",
                        "model[forest].trees",
                        "seed");
        double[] x = {0, 0.25, 0, Math.log(0.01), Double.NaN, 1};
        Map<String, Object> decoded = flat.decode(x);
        assertThat(decoded)
                .isEqualTo(Map.of(
                        "model",
                        Map.of(
                                "_name",
                                "svm",
                                "C",
                                0.25,
                                "kernel",
                                Map.of("_name", "rbf", "gamma", Math.exp(Math.log(0.01)))),
                        "seed",
                        2));
        List<String> keys = ((Map<?, ?>) decoded.get("model"))
                .keySet().stream().map(String::valueOf).toList();
        assertThat(keys).containsExactly("_name", "C", "kernel");
        double[] back = flat.encode(decoded);
        assertThat(back[0]).isEqualTo(0);
        assertThat(back[1]).isEqualTo(0.25);
        assertThat(back[2]).isEqualTo(0);
        assertThat(back[3]).isCloseTo(Math.log(0.01), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(back[4]).isNaN();
        assertThat(back[5]).isEqualTo(1);

        Map<String, Object> forest = flat.decode(new double[] {1, Double.NaN, Double.NaN, Double.NaN, 7, 0});
        assertThat(forest).isEqualTo(Map.of("model", Map.of("_name", "forest", "trees", 17L), "seed", 1));
    }

    @Test
    void choiceValuesComeBackWithTheirOwnJsonType() {
        Map<String, Object> json = space("x", dim("choice", 64, 0.5, "adam", true, 10_000_000_000L));
        for (String t : TUNERS) {
            Set<Object> values = allValues(t, json);
            assertThat(values).as(t).containsExactlyInAnyOrder(64, 0.5, "adam", true, 10_000_000_000L);
            assertThat(new TreeSet<>(values.stream()
                            .map(v -> v.getClass().getSimpleName())
                            .toList()))
                    .containsExactly("Boolean", "Double", "Integer", "Long", "String");
        }
    }
}
