package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A flat, numeric search space mapped onto the unit cube {@code [0, 1]^d}, one coordinate per parameter in file
 * order, as the Bayesian-optimisation tuners (GP, Metis, DNGO) model it:
 *
 * <ul>
 *   <li>numeric {@code choice}: the option's value scaled linearly between the smallest and largest option
 *       (0.5 when all are equal); a point decodes to the option nearest to it;
 *   <li>{@code randint [lower, upper)}: option k at {@code (k + 0.5) / size}, a point decodes to {@code floor(u
 *       size)};
 *   <li>{@code uniform}, {@code quniform}: linear between low and high; {@code loguniform}, {@code qloguniform}:
 *       linear in the logarithm. Quantization and clipping follow NNI ({@link FlatSpace#valueOf}).
 * </ul>
 *
 * {@link #snap} moves a point to the coordinates of the parameter set it decodes to, so a surrogate is evaluated
 * where trials really run.
 */
public final class UnitCube {
    private final List<String> names;
    private final List<Dimension> dimensions;
    private final double[][] choiceCoordinates;

    private UnitCube(SearchSpace space) {
        names = List.copyOf(space.dimensions().keySet());
        dimensions = List.copyOf(space.dimensions().values());
        choiceCoordinates = new double[dimensions.size()][];
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) instanceof Choice c) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c.size(); k++) {
                    double v = ((Number) c.option(k)).doubleValue();
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                double[] coords = new double[c.size()];
                for (int k = 0; k < coords.length; k++) {
                    double v = ((Number) c.option(k)).doubleValue();
                    coords[k] = max > min ? (v - min) / (max - min) : 0.5;
                }
                choiceCoordinates[i] = coords;
            }
        }
    }

    /**
     * Every parameter whose type is not supported, as a violation of {@code searchSpace.<key>._type}: nested
     * choices, non-numeric choice options, and numeric kinds outside {@code numericKinds}.
     */
    public static List<Violation> violations(
            SearchSpace space, Set<Numeric.Kind> numericKinds, boolean allowRandInt, String tuner) {
        List<Violation> out = new ArrayList<>();
        List<String> supported = new ArrayList<>();
        supported.add("choice (numeric)");
        if (allowRandInt) {
            supported.add("randint");
        }
        for (Numeric.Kind k : EnumSet.copyOf(numericKinds)) {
            supported.add(k.type());
        }
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            String field = "searchSpace." + e.getKey() + "._type";
            Dimension d = e.getValue();
            if (d instanceof Choice c) {
                for (int k = 0; k < c.size(); k++) {
                    Object option = c.option(k);
                    if (!(option instanceof Number) || option instanceof Boolean) {
                        out.add(new Violation(
                                field, tuner + " supports only numeric choice options; got " + c.option(k)));
                        break;
                    }
                }
            } else if (d instanceof RandInt) {
                if (!allowRandInt) {
                    out.add(new Violation(field, tuner + " supports only " + String.join(", ", supported)));
                }
            } else if (!numericKinds.contains(((Numeric) d).kind())) {
                out.add(new Violation(
                        field, tuner + " supports only " + String.join(", ", supported) + "; got " + d.type()));
            }
        }
        return out;
    }

    /** The cube of a space that passed {@link #violations}. */
    public static UnitCube of(SearchSpace space) {
        return new UnitCube(space);
    }

    public int dimension() {
        return dimensions.size();
    }

    /** A draw from the prior: uniform over options for choice and randint, uniform in the cube otherwise. */
    public double[] sample(RandomGenerator rng) {
        double[] u = new double[dimensions.size()];
        for (int i = 0; i < u.length; i++) {
            Dimension d = dimensions.get(i);
            if (d instanceof Choice c) {
                u[i] = choiceCoordinates[i][rng.nextInt(c.size())];
            } else if (d instanceof RandInt r) {
                u[i] = (rng.nextLong(r.size()) + 0.5) / r.size();
            } else {
                u[i] = rng.nextDouble();
            }
        }
        return u;
    }

    /** The parameter set a trial receives for point {@code u} (coordinates outside [0, 1] are clamped). */
    public Map<String, Object> decode(double[] u) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < u.length; i++) {
            double x = Math.min(Math.max(u[i], 0.0), 1.0);
            Dimension d = dimensions.get(i);
            Object value;
            if (d instanceof Choice c) {
                value = c.option(nearestOption(i, x));
            } else if (d instanceof RandInt r) {
                value = r.lower() + randIntIndex(r, x);
            } else {
                Numeric n = (Numeric) d;
                value = FlatSpace.valueOf(n, n.internalLow() + x * (n.internalHigh() - n.internalLow()));
            }
            out.put(names.get(i), value);
        }
        return out;
    }

    /** The point of the parameter set {@code u} decodes to. */
    public double[] snap(double[] u) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            double x = Math.min(Math.max(u[i], 0.0), 1.0);
            Dimension d = dimensions.get(i);
            if (d instanceof Choice) {
                out[i] = choiceCoordinates[i][nearestOption(i, x)];
            } else if (d instanceof RandInt r) {
                out[i] = (randIntIndex(r, x) + 0.5) / r.size();
            } else {
                Numeric n = (Numeric) d;
                out[i] = n.kind().quantized()
                        ? coordinate(
                                n, FlatSpace.valueOf(n, n.internalLow() + x * (n.internalHigh() - n.internalLow())))
                        : x;
            }
        }
        return out;
    }

    /**
     * The point of a parameter set from the history, or null when it does not belong to this space (a missing
     * key, a value that is not one of the options or outside the bounds).
     */
    public double[] encode(Map<String, ?> parameters) {
        double[] u = new double[dimensions.size()];
        for (int i = 0; i < u.length; i++) {
            Object value = parameters.get(names.get(i));
            Dimension d = dimensions.get(i);
            if (d instanceof Choice c) {
                int k = c.indexOf(value);
                if (k < 0) {
                    return null;
                }
                u[i] = choiceCoordinates[i][k];
                continue;
            }
            if (!(value instanceof Number number) || value instanceof Boolean) {
                return null;
            }
            double v = number.doubleValue();
            if (!Double.isFinite(v)) {
                return null;
            }
            if (d instanceof RandInt r) {
                if (v != Math.rint(v) || v < r.lower() || v >= r.upper()) {
                    return null;
                }
                u[i] = (v - r.lower() + 0.5) / r.size();
            } else {
                Numeric n = (Numeric) d;
                if (v < n.low() || v > n.high()) {
                    return null;
                }
                u[i] = coordinate(n, v);
            }
        }
        return u;
    }

    private static double coordinate(Numeric n, double value) {
        double t = n.kind().log() ? Math.log(value) : value;
        double x = (t - n.internalLow()) / (n.internalHigh() - n.internalLow());
        return Math.min(Math.max(x, 0.0), 1.0);
    }

    private int nearestOption(int i, double x) {
        double[] coords = choiceCoordinates[i];
        int best = 0;
        for (int k = 1; k < coords.length; k++) {
            if (Math.abs(coords[k] - x) < Math.abs(coords[best] - x)) {
                best = k;
            }
        }
        return best;
    }

    private static long randIntIndex(RandInt r, double x) {
        return Math.min(r.size() - 1, (long) Math.floor(x * r.size()));
    }
}
