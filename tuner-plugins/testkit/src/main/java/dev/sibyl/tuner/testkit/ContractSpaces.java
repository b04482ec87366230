package dev.sibyl.tuner.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Search spaces for contract tests, in NNI's JSON form (as Java maps and lists): a fixed battery covering every
 * type and the tricky value rules, a small finite space, and a generator of random spaces for property tests.
 */
public final class ContractSpaces {
    private ContractSpaces() {}

    /** A search space with a name for test output. */
    public record NamedSpace(String name, Map<String, Object> json) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A space with exactly {@code points} distinct parameter sets. */
    public record FiniteSpace(String name, Map<String, Object> json, int points) {}

    /** The standard battery. */
    public static List<NamedSpace> standard() {
        return List.of(
                new NamedSpace("allTenTypes", allTenTypes()),
                new NamedSpace("quantizedGrids", quantizedGrids()),
                new NamedSpace("randintUpperExclusive", randints()),
                new NamedSpace("nestedTwoLevels", nestedTwoLevels()),
                new NamedSpace("typedChoices", typedChoices()),
                new NamedSpace("categoricalOnly", categoricalOnly()));
    }

    public static Map<String, Object> allTenTypes() {
        return space(
                "optimizer", dim("choice", "adam", "sgd", "rmsprop"),
                "layers", dim("randint", 1, 5),
                "dropout", dim("uniform", 0.0, 0.5),
                "width", dim("quniform", 16, 256, 16),
                "lr", dim("loguniform", 1e-5, 1e-1),
                "batch", dim("qloguniform", 8, 512, 8),
                "shift", dim("normal", 0, 2.5),
                "offset", dim("qnormal", -1.5, 5.0, 0.1),
                "scale", dim("lognormal", -1.0, 1.0),
                "count", dim("qlognormal", 1.0, 1.5, 2));
    }

    public static Map<String, Object> quantizedGrids() {
        return space(
                "q25", dim("quniform", 0, 10, 2.5),
                "q5clip", dim("quniform", 2, 10, 5),
                "qBeyondRange", dim("quniform", -5.5, -0.5, 6),
                "qlogClip", dim("qloguniform", 0.001, 100, 1),
                "qnormal", dim("qnormal", 0, 1, 0.5),
                "qlognormalWithZero", dim("qlognormal", -2, 1, 0.5));
    }

    public static Map<String, Object> randints() {
        return space(
                "oneToFour", dim("randint", 1, 4),
                "negative", dim("randint", -2, 3),
                "single", dim("randint", 10, 11),
                "wide", dim("randint", 0, 1_000_000));
    }

    public static Map<String, Object> nestedTwoLevels() {
        Map<String, Object> rbf = option("rbf", "gamma", dim("loguniform", 1e-4, 1.0));
        Map<String, Object> poly = option("poly", "degree", dim("randint", 2, 6), "coef", dim("uniform", 0, 1));
        Map<String, Object> svm = option("svm", "C", dim("uniform", 0.1, 10), "kernel", dim("choice", rbf, poly));
        Map<String, Object> forest = option("forest", "trees", dim("quniform", 10, 200, 10));
        Map<String, Object> none = option("none");
        return space("model", dim("choice", svm, forest, none), "seed", dim("choice", 1, 2, 3));
    }

    public static Map<String, Object> typedChoices() {
        return space(
                "ints", dim("choice", 16, 32, 64),
                "longs", dim("choice", 10_000_000_000L, 20_000_000_000L),
                "floats", dim("choice", 0.1, 1.0, 2.5),
                "strings", dim("choice", "relu", "tanh"),
                "booleans", dim("choice", true, false),
                "mixed", dim("choice", 0.3, "cat", 1, true),
                "single", dim("choice", 1),
                "lists", dim("choice", List.of(1, 2), List.of(3)),
                "randint", dim("randint", 0, 3),
                "quantized", dim("quniform", 0, 10, 5));
    }

    public static Map<String, Object> categoricalOnly() {
        return space(
                "a", dim("choice", "p", "q", "r", "s", "t"),
                "b", dim("randint", 0, 7),
                "c", dim("choice", 1, 2, 3, 4));
    }

    /** 3 × 2 × 3 × 3 = 54 distinct parameter sets, a nested choice included. */
    public static FiniteSpace finite() {
        Map<String, Object> json = space(
                "a", dim("choice", "x", "y", "z"),
                "b", dim("randint", 0, 2),
                "c", dim("quniform", 0, 1, 0.5),
                "m", dim("choice", option("p", "k", dim("choice", 1, 2)), option("q")));
        return new FiniteSpace("finite54", json, 54);
    }

    /** Random NNI search spaces: every type, nested choices up to two levels deep, mixed JSON value types. */
    public static Gen<Map<String, Object>> random() {
        return SourceDSL.longs().all().map(seed -> random(new SplittableRandom(seed)));
    }

    public static Map<String, Object> random(SplittableRandom rng) {
        return level(rng, 0, "p");
    }

    private static Map<String, Object> level(SplittableRandom rng, int depth, String prefix) {
        int n = depth == 0 ? 1 + rng.nextInt(4) : rng.nextInt(3);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(prefix + i, randomDimension(rng, depth, prefix + i));
        }
        return out;
    }

    private static Map<String, Object> randomDimension(SplittableRandom rng, int depth, String name) {
        int kind = rng.nextInt(depth < 2 ? 12 : 10);
        switch (kind) {
            case 0:
                return dimOf("choice", randomChoices(rng));
            case 1: {
                int lower = rng.nextInt(-5, 6);
                return dim("randint", lower, lower + 1 + rng.nextInt(6));
            }
            case 2: {
                double low = round(rng.nextDouble(-10, 10));
                return dim("uniform", low, round(low + 0.5 + rng.nextDouble(20)));
            }
            case 3: {
                double low = round(rng.nextDouble(-10, 10));
                return dim(
                        "quniform",
                        low,
                        round(low + 0.5 + rng.nextDouble(20)),
                        pick(rng, 0.1, 0.25, 0.5, 1, 2.5, 5, 7));
            }
            case 4: {
                double low = Math.pow(10, rng.nextDouble(-4, 0));
                return dim("loguniform", low, low * Math.pow(10, rng.nextDouble(0.3, 4)));
            }
            case 5: {
                double low = Math.pow(10, rng.nextDouble(-3, 1));
                return dim(
                        "qloguniform",
                        low,
                        low * Math.pow(10, rng.nextDouble(0.5, 3)),
                        pick(rng, 0.001, 0.01, 0.1, 1, 5));
            }
            case 6:
                return dim("normal", round(rng.nextDouble(-5, 5)), round(rng.nextDouble(0.1, 5)));
            case 7:
                return dim(
                        "qnormal",
                        round(rng.nextDouble(-5, 5)),
                        round(rng.nextDouble(0.1, 5)),
                        pick(rng, 0.1, 0.5, 1, 2));
            case 8:
                return dim("lognormal", round(rng.nextDouble(-2, 2)), round(rng.nextDouble(0.1, 2)));
            case 9:
                return dim(
                        "qlognormal",
                        round(rng.nextDouble(-1, 3)),
                        round(rng.nextDouble(0.1, 1.5)),
                        pick(rng, 0.1, 0.5, 1, 2));
            default: {
                int options = 1 + rng.nextInt(3);
                List<Object> values = new ArrayList<>();
                for (int k = 0; k < options; k++) {
                    Map<String, Object> option = new LinkedHashMap<>();
                    option.put("_name", name + "_o" + k);
                    option.putAll(level(rng, depth + 1, name + "_" + k + "_"));
                    values.add(option);
                }
                return dimOf("choice", values);
            }
        }
    }

    private static List<Object> randomChoices(SplittableRandom rng) {
        int n = 1 + rng.nextInt(5);
        int kind = rng.nextInt(6);
        Set<Object> values = new LinkedHashSet<>();
        for (int attempts = 0; values.size() < n && attempts < 50; attempts++) {
            switch (kind) {
                case 0 -> values.add(rng.nextInt(-100, 100));
                case 1 -> values.add(rng.nextLong(3_000_000_000L, 9_000_000_000L));
                case 2 -> values.add(round(rng.nextDouble(-10, 10)));
                case 3 -> values.add("s" + rng.nextInt(1000));
                case 4 -> values.add(rng.nextBoolean());
                default ->
                    values.add(
                            switch (rng.nextInt(4)) {
                                case 0 -> rng.nextInt(100);
                                case 1 -> round(rng.nextDouble(1));
                                case 2 -> "m" + rng.nextInt(100);
                                default -> rng.nextBoolean();
                            });
            }
        }
        return new ArrayList<>(values);
    }

    private static double round(double v) {
        return Math.rint(v * 1000) / 1000;
    }

    private static double pick(SplittableRandom rng, double... options) {
        return options[rng.nextInt(options.length)];
    }

    /** A search space from name/spec pairs, in order. */
    public static Map<String, Object> space(Object... namesAndSpecs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSpecs.length; i += 2) {
            out.put((String) namesAndSpecs[i], namesAndSpecs[i + 1]);
        }
        return out;
    }

    /** {@code {"_type": type, "_value": [values...]}}. */
    public static Map<String, Object> dim(String type, Object... values) {
        return dimOf(type, Arrays.asList(values));
    }

    public static Map<String, Object> dimOf(String type, List<?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("_type", type);
        out.put("_value", new ArrayList<>(values));
        return out;
    }

    /** A nested-choice option: {@code {"_name": name, sub-parameters...}}. */
    public static Map<String, Object> option(String name, Object... namesAndSpecs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("_name", name);
        out.putAll(space(namesAndSpecs));
        return out;
    }
}
