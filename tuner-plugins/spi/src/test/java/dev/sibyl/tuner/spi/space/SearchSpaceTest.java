package dev.sibyl.tuner.spi.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static final Map<String, Object> NESTED = Map.of(
            "model",
            Map.of(
                    "_type",
                    "choice",
                    "_value",
                    List.of(
                            Map.of("_name", "svm", "C", Map.of("_type", "uniform", "_value", List.of(0.1, 10))),
                            Map.of(
                                    "_name",
                                    "tree",
                                    "inner",
                                    Map.of(
                                            "_type",
                                            "choice",
                                            "_value",
                                            List.of(
                                                    Map.of(
                                                            "_name",
                                                            "a",
                                                            "d",
                                                            Map.of("_type", "randint", "_value", List.of(1, 4))),
                                                    Map.of("_name", "b")))))));

    @Test
    void parsesEveryTypeAndNestedChoices() {
        SearchSpace space = SearchSpace.parse(Map.of(
                "c", Map.of("_type", "choice", "_value", List.of(16, 32, "x")),
                "r", Map.of("_type", "randint", "_value", List.of(1, 4)),
                "u", Map.of("_type", "uniform", "_value", List.of(0, 1)),
                "qu", Map.of("_type", "quniform", "_value", List.of(0, 10, 2.5)),
                "lu", Map.of("_type", "loguniform", "_value", List.of(0.001, 1)),
                "qlu", Map.of("_type", "qloguniform", "_value", List.of(1, 100, 5)),
                "n", Map.of("_type", "normal", "_value", List.of(0, 1)),
                "qn", Map.of("_type", "qnormal", "_value", List.of(0, 1, 0.5)),
                "ln", Map.of("_type", "lognormal", "_value", List.of(0, 1)),
                "qln", Map.of("_type", "qlognormal", "_value", List.of(0, 1, 0.5))));
        assertThat(space.dimensions()).hasSize(10);
        assertThat(((RandInt) space.dimensions().get("r")).size()).isEqualTo(3);
        assertThat(SearchSpace.parse(NESTED).dimensions().get("model"))
                .isInstanceOfSatisfying(
                        Choice.class, c -> assertThat(c.nested()).isTrue());
    }

    @Test
    void samplesAlwaysLieInsideTheSpace() {
        SearchSpace space = SearchSpace.parse(NESTED);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> params = space.sample(rng);
            assertThat(space.check(params)).as(params.toString()).isEmpty();
        }
    }

    @Test
    void quantizesHalfToEvenAndClipsOnlyTheUniformFamily() {
        Numeric qu = new Numeric(Numeric.Kind.QUNIFORM, 2, 10, 5);
        assertThat(qu.toValue(2.4)).isEqualTo(2.0); // rint(0.48)*5 = 0 -> clipped to low
        assertThat(qu.toValue(7.5)).isEqualTo(10.0); // rint(1.5) = 2 (half to even)
        assertThat(qu.toValue(12.5)).isEqualTo(10.0); // rint(2.5) = 2
        Numeric qn = new Numeric(Numeric.Kind.QNORMAL, 0, 1, 2);
        assertThat(qn.toValue(-7)).isEqualTo(-8.0); // no clipping for the normal family
        Numeric qlu = new Numeric(Numeric.Kind.QLOGUNIFORM, 1, 100, 5);
        assertThat(qlu.toValue(Math.log(1.2))).isEqualTo(1.0); // clipped in the original space
    }

    @Test
    void checkRejectsValuesNniWouldNotProduce() {
        SearchSpace space = SearchSpace.parse(Map.of(
                "r", Map.of("_type", "randint", "_value", List.of(1, 4)),
                "q", Map.of("_type", "quniform", "_value", List.of(0, 10, 2.5)),
                "c", Map.of("_type", "choice", "_value", List.of(64, 128))));
        assertThat(space.check(Map.of("r", 4L, "q", 5.0, "c", 64)))
                .singleElement()
                .asString()
                .contains("r");
        assertThat(space.check(Map.of("r", 1L, "q", 3.0, "c", 64)))
                .singleElement()
                .asString()
                .contains("q");
        assertThat(space.check(Map.of("r", 1L, "q", 2.5, "c", 64.0)))
                .singleElement()
                .asString()
                .contains("c");
        assertThat(space.check(Map.of("r", 1L, "q", 2.5)))
                .singleElement()
                .asString()
                .contains("missing");
    }

    @Test
    void reportsEveryViolationWithItsFieldPath() {
        Map<String, Object> bad = Map.of(
                "a", Map.of("_type", "uniform", "_value", List.of(5, 1)),
                "b", Map.of("_type", "quniform", "_value", List.of(0, 1)),
                "c", Map.of("_type", "loguniform", "_value", List.of(0, 1)),
                "d", Map.of("_type", "gaussian", "_value", List.of(0, 1)),
                "e", Map.of("_type", "randint", "_value", List.of(1.5, 3)),
                "f", Map.of("_type", "choice", "_value", List.of()),
                "g", Map.of("_value", List.of(1)),
                "h", 7);
        assertThatThrownBy(() -> SearchSpace.parse(bad, "searchSpace"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder(
                                        "searchSpace.a._value",
                                        "searchSpace.b._value",
                                        "searchSpace.c._value",
                                        "searchSpace.d._type",
                                        "searchSpace.e._value",
                                        "searchSpace.f._value",
                                        "searchSpace.g._type",
                                        "searchSpace.h"));
    }

    @Test
    void acceptsNullAmongChoiceOptionsAsNniDoes() {
        java.util.List<Object> options = new java.util.ArrayList<>(List.of(0.3, "cat", 1));
        options.add(null);
        SearchSpace space = SearchSpace.parse(Map.of("c", Map.of("_type", "choice", "_value", options)));
        java.util.Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("c", null);
        assertThat(space.check(withNull)).isEmpty();
    }

    @Test
    void toJsonParsesBackToTheSameSpaceForEveryType() {
        Map<String, Object> json = Map.of(
                "u", Map.of("_type", "uniform", "_value", List.of(0, 1)),
                "q", Map.of("_type", "qloguniform", "_value", List.of(1, 100, 5)),
                "n", Map.of("_type", "normal", "_value", List.of(0, 2)),
                "k", Map.of("_type", "randint", "_value", List.of(2.0, 4)),
                "c", Map.of("_type", "choice", "_value", List.of("a", 2, true)),
                "m",
                        Map.of(
                                "_type",
                                "choice",
                                "_value",
                                List.of(
                                        Map.of(
                                                "_name",
                                                "svm",
                                                "C",
                                                Map.of("_type", "uniform", "_value", List.of(1, 2))),
                                        Map.of("_name", "rf"))));
        SearchSpace space = SearchSpace.parse(json);
        SearchSpace again = SearchSpace.parse(space.toJson());
        assertThat(again.toJson()).isEqualTo(space.toJson());
        assertThat(again.toString()).isEqualTo(space.toString());
        assertThat(((RandInt) again.dimensions().get("k")).lower()).isEqualTo(2);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            assertThat(space.check(again.sample(rng))).isEmpty();
        }
    }
}
