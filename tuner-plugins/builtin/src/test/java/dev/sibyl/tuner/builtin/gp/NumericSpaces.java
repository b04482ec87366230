package dev.sibyl.tuner.builtin.gp;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;

import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** Contract spaces for the Bayesian-optimisation tuners, which accept flat numeric spaces only. */
public final class NumericSpaces {
    private NumericSpaces() {}

    /** The battery: every supported type, q-grids with clipping, randint bounds, typed numeric choices. */
    public static List<NamedSpace> standard(boolean logTypes) {
        List<NamedSpace> out = new ArrayList<>();
        out.add(new NamedSpace("allSupportedTypes", allSupported(logTypes)));
        out.add(new NamedSpace(
                "quantizedGrids",
                space(
                        "q25", dim("quniform", 0, 10, 2.5),
                        "q5clip", dim("quniform", 2, 10, 5),
                        "qBeyondRange", dim("quniform", -5.5, -0.5, 6))));
        out.add(new NamedSpace(
                "randints",
                space(
                        "oneToFour", dim("randint", 1, 4),
                        "negative", dim("randint", -2, 3),
                        "single", dim("randint", 10, 11),
                        "wide", dim("randint", 0, 1_000_000))));
        out.add(new NamedSpace("typedChoices", typed()));
        return out;
    }

    static Map<String, Object> allSupported(boolean logTypes) {
        Map<String, Object> s = space(
                "optimizer", dim("choice", 1, 4, 2),
                "layers", dim("randint", 1, 5),
                "dropout", dim("uniform", 0.0, 0.5),
                "width", dim("quniform", 16, 256, 16));
        if (logTypes) {
            s.put("lr", dim("loguniform", 1e-5, 1e-1));
            s.put("batch", dim("qloguniform", 8, 512, 8));
            s.put("qlogClip", dim("qloguniform", 0.001, 100, 1));
        }
        return s;
    }

    /** Numeric choices of every JSON number type. */
    public static Map<String, Object> typed() {
        return space(
                "ints", dim("choice", 16, 32, 64),
                "longs", dim("choice", 10_000_000_000L, 20_000_000_000L),
                "floats", dim("choice", 0.1, 1.0, 2.5),
                "mixed", dim("choice", 0.3, 1, 7L),
                "single", dim("choice", 1),
                "randint", dim("randint", 0, 3),
                "quantized", dim("quniform", 0, 10, 5));
    }

    /** Random flat numeric spaces of 1 to 4 parameters. */
    public static Gen<Map<String, Object>> random(boolean logTypes) {
        return SourceDSL.longs().all().map(seed -> random(new SplittableRandom(seed), logTypes));
    }

    static Map<String, Object> random(SplittableRandom rng, boolean logTypes) {
        int n = 1 + rng.nextInt(4);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int kind = rng.nextInt(logTypes ? 6 : 4);
            Object d;
            double low = Math.rint(rng.nextDouble(-10, 10) * 1000) / 1000;
            double high = Math.rint((low + 0.5 + rng.nextDouble(20)) * 1000) / 1000;
            double logLow = Math.pow(10, rng.nextDouble(-4, 0));
            switch (kind) {
                case 0 -> {
                    List<Object> values = new ArrayList<>();
                    int k = 1 + rng.nextInt(5);
                    for (int j = 0; j < k; j++) {
                        Object v = rng.nextBoolean() ? (Object) (j * 3 - 4) : (Object) (j * 0.7 + 0.1);
                        values.add(v);
                    }
                    d = dim("choice", values.toArray());
                }
                case 1 -> {
                    int lower = rng.nextInt(-5, 6);
                    d = dim("randint", lower, lower + 1 + rng.nextInt(6));
                }
                case 2 -> d = dim("uniform", low, high);
                case 3 -> d = dim("quniform", low, high, new double[] {0.1, 0.5, 1, 2.5, 7}[rng.nextInt(5)]);
                case 4 -> d = dim("loguniform", logLow, logLow * Math.pow(10, rng.nextDouble(0.3, 4)));
                default -> d = dim("qloguniform", logLow, logLow * Math.pow(10, rng.nextDouble(0.5, 3)), 0.01);
            }
            out.put("p" + i, d);
        }
        return out;
    }
}
