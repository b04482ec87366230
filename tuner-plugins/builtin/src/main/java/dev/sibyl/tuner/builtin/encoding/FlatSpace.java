package dev.sibyl.tuner.builtin.encoding;

import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.NestedOption;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A search space flattened into one list of parameters, parents before children (depth first, in file
 * order), so that a parameter set becomes a vector of doubles the algorithms can work on:
 *
 * <ul>
 *   <li>{@code choice} and {@code randint}: the option index ({@code randint} is categorical, as in NNI);
 *   <li>numeric types: the <em>internal</em> coordinate, the value itself or its natural log for log types,
 *       before quantization and clipping;
 *   <li>{@link Double#NaN} for a parameter inside a nested choice whose option is not chosen.
 * </ul>
 *
 * {@link #decode} turns a vector into exactly the value shapes NNI hands to trials; {@link #encode} reads a
 * parameter set (as found in the history) back into a vector.
 */
public final class FlatSpace {

    /**
     * One parameter of the flattened space.
     *
     * @param name the key in its (sub-)space
     * @param path dotted path from the root, nested option names included, for messages
     * @param parent index of the nested choice this parameter lives under, or -1 at top level
     * @param parentOption the option of {@code parent} that activates this parameter, or -1
     */
    public record Param(String name, String path, Dimension dimension, int parent, int parentOption) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(dimension, "dimension");
        }

        /** {@code choice} or {@code randint}. */
        public boolean categorical() {
            return !(dimension instanceof Numeric);
        }

        /** Number of options of a categorical parameter. */
        public long size() {
            if (dimension instanceof Choice c) {
                return c.size();
            }
            if (dimension instanceof RandInt r) {
                return r.size();
            }
            throw new IllegalStateException(path + " is numeric");
        }

        public Numeric numeric() {
            return (Numeric) dimension;
        }
    }

    private final List<Param> params;
    private final int[] roots;
    private final int[][][] children;
    private final boolean neverDuplicates;

    private FlatSpace(List<Param> params) {
        this.params = List.copyOf(params);
        int n = params.size();
        List<Integer> rootList = new ArrayList<>();
        List<List<List<Integer>>> childLists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Param p = params.get(i);
            if (p.dimension() instanceof Choice c && c.nested()) {
                List<List<Integer>> perOption = new ArrayList<>();
                for (int k = 0; k < c.size(); k++) {
                    perOption.add(new ArrayList<>());
                }
                childLists.add(perOption);
            } else {
                childLists.add(null);
            }
            if (p.parent() < 0) {
                rootList.add(i);
            } else {
                childLists.get(p.parent()).get(p.parentOption()).add(i);
            }
        }
        this.roots = rootList.stream().mapToInt(Integer::intValue).toArray();
        this.children = new int[n][][];
        for (int i = 0; i < n; i++) {
            List<List<Integer>> perOption = childLists.get(i);
            if (perOption != null) {
                children[i] = perOption.stream()
                        .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                        .toArray(int[][]::new);
            }
        }
        // As NNI's deduplication: a top-level continuous parameter makes repeated parameter sets impossible.
        this.neverDuplicates = params.stream()
                .anyMatch(p -> p.parent() < 0
                        && p.dimension() instanceof Numeric num
                        && !num.kind().quantized());
    }

    public static FlatSpace of(SearchSpace space) {
        List<Param> out = new ArrayList<>();
        flatten(space, "", -1, -1, out);
        return new FlatSpace(out);
    }

    private static void flatten(SearchSpace space, String prefix, int parent, int option, List<Param> out) {
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            int index = out.size();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.add(new Param(e.getKey(), path, e.getValue(), parent, option));
            if (e.getValue() instanceof Choice c && c.nested()) {
                for (int k = 0; k < c.size(); k++) {
                    NestedOption nested = (NestedOption) c.option(k);
                    flatten(nested.subSpace(), path + "[" + nested.name() + "]", index, k, out);
                }
            }
        }
    }

    public int size() {
        return params.size();
    }

    public Param param(int index) {
        return params.get(index);
    }

    public List<Param> params() {
        return params;
    }

    /**
     * True when no two draws can give the same parameter set (a top-level parameter is continuous), so
     * deduplication is pointless.
     */
    public boolean neverDuplicates() {
        return neverDuplicates;
    }

    /**
     * Whether parameter {@code index} is active in the partially filled vector {@code x}: its parent must
     * already be filled in (parents come first) and hold the activating option.
     */
    public boolean active(int index, double[] x) {
        Param p = params.get(index);
        return p.parent() < 0 || x[p.parent()] == p.parentOption();
    }

    /** A vector with nothing filled in. */
    public double[] blank() {
        double[] x = new double[params.size()];
        Arrays.fill(x, Double.NaN);
        return x;
    }

    /** A draw from the prior of every active parameter, in internal coordinates. */
    public double[] sample(RandomGenerator rng) {
        double[] x = blank();
        for (int i = 0; i < x.length; i++) {
            if (active(i, x)) {
                x[i] = samplePrior(i, rng);
            }
        }
        return x;
    }

    /** One draw from the prior of parameter {@code index}, in internal coordinates. */
    public double samplePrior(int index, RandomGenerator rng) {
        Dimension d = params.get(index).dimension();
        if (d instanceof Choice c) {
            return rng.nextInt(c.size());
        }
        if (d instanceof RandInt r) {
            return rng.nextLong(r.size());
        }
        Numeric n = (Numeric) d;
        if (n.bounded()) {
            return n.internalLow() + (n.internalHigh() - n.internalLow()) * rng.nextDouble();
        }
        return n.mu() + n.sigma() * rng.nextGaussian();
    }

    /** The parameter set a trial receives for vector {@code x}. */
    public Map<String, Object> decode(double[] x) {
        return decodeLevel(roots, x);
    }

    private Map<String, Object> decodeLevel(int[] indices, double[] x) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i : indices) {
            out.put(params.get(i).name(), decodeOne(i, x));
        }
        return out;
    }

    private Object decodeOne(int i, double[] x) {
        Param p = params.get(i);
        double v = x[i];
        if (Double.isNaN(v)) {
            throw new IllegalStateException(p.path() + " is active but has no value");
        }
        if (p.dimension() instanceof Choice c) {
            int k = (int) v;
            Object option = c.option(k);
            if (option instanceof NestedOption nested) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("_name", nested.name());
                value.putAll(decodeLevel(children[i][k], x));
                return value;
            }
            return option;
        }
        if (p.dimension() instanceof RandInt r) {
            return r.lower() + (long) v;
        }
        return valueOf(p.numeric(), v);
    }

    /**
     * The trial value of a numeric internal coordinate: NNI's exp, round-half-to-even to q and clip. A zero
     * is always {@code +0.0}, as Python's integer {@code round} never yields a negative zero.
     */
    public static double valueOf(Numeric numeric, double internal) {
        double v = numeric.toValue(internal);
        return v == 0.0 ? 0.0 : v;
    }

    /**
     * The vector of a parameter set as found in the history. Parameters that are missing, inactive or not
     * valid for their dimension (a customized trial may hold anything) are {@link Double#NaN}, and so are
     * their children.
     */
    public double[] encode(Map<String, ?> parameters) {
        double[] x = blank();
        encodeLevel(roots, parameters, x);
        return x;
    }

    private void encodeLevel(int[] indices, Map<?, ?> values, double[] x) {
        for (int i : indices) {
            Param p = params.get(i);
            Object value = values.get(p.name());
            if (value == null) {
                continue;
            }
            double internal = internalOf(p, value);
            x[i] = internal;
            if (children[i] != null && !Double.isNaN(internal) && value instanceof Map<?, ?> nested) {
                encodeLevel(children[i][(int) internal], nested, x);
            }
        }
    }

    private static double internalOf(Param p, Object value) {
        if (p.dimension() instanceof Choice c) {
            int k = c.indexOf(value);
            return k < 0 ? Double.NaN : k;
        }
        if (!(value instanceof Number number) || value instanceof Boolean) {
            return Double.NaN;
        }
        double v = number.doubleValue();
        if (!Double.isFinite(v)) {
            return Double.NaN;
        }
        if (p.dimension() instanceof RandInt r) {
            return v == Math.rint(v) && v >= r.lower() && v < r.upper() ? v - r.lower() : Double.NaN;
        }
        Numeric n = p.numeric();
        if (!n.kind().log()) {
            return v;
        }
        if (v > 0) {
            return Math.log(v);
        }
        // A quantized log value of 0 stands for every draw below q/2; its upper edge represents it.
        return n.kind().quantized() && v == 0 ? Math.log(n.q() / 2) : Double.NaN;
    }
}
