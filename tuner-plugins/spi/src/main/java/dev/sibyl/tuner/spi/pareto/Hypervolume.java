package dev.sibyl.tuner.spi.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume indicator of a set of loss vectors (every coordinate minimized): the volume of the region
 * they dominate, bounded by a reference point (Zitzler and Thiele, 1998). Points not strictly better than the
 * reference in every coordinate add nothing. Exact: a sweep for two objectives, slicing along the last
 * objective for more (cost grows as n^(d-1) log n, meant for the tens to hundreds of points of a search).
 */
public final class Hypervolume {
    /** Offset used where a reference coordinate would be exactly 0. */
    static final double EPS = 1e-12;

    private Hypervolume() {}

    /** The volume {@code losses} dominate up to {@code reference}. */
    public static double of(double[][] losses, double[] reference) {
        ParetoFront.check(losses);
        double[][] inside =
                Arrays.stream(losses).filter(p -> strictlyBelow(p, reference)).toArray(double[][]::new);
        if (inside.length == 0) {
            return 0.0;
        }
        return volume(inside, reference, reference.length);
    }

    /**
     * The exclusive contribution of each point: the volume lost when it alone is removed. Dominated and
     * duplicated points contribute 0.
     */
    public static double[] contributions(double[][] losses, double[] reference) {
        double total = of(losses, reference);
        double[] out = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            double[][] without = new double[losses.length - 1][];
            for (int j = 0, k = 0; j < losses.length; j++) {
                if (j != i) {
                    without[k++] = losses[j];
                }
            }
            out[i] = Math.max(0.0, total - of(without, reference));
        }
        return out;
    }

    /**
     * The reference point MOTPE uses for a set of points: their worst value in each coordinate moved outwards by
     * a tenth of its magnitude ({@code max(1.1 w, 0.9 w)}), a tiny positive number where that is 0.
     */
    public static double[] referenceFor(double[][] losses) {
        double[] worst = new double[losses[0].length];
        Arrays.fill(worst, Double.NEGATIVE_INFINITY);
        for (double[] p : losses) {
            for (int k = 0; k < p.length; k++) {
                worst[k] = Math.max(worst[k], p[k]);
            }
        }
        for (int k = 0; k < worst.length; k++) {
            double r = worst[k] + 0.1 * Math.abs(worst[k]);
            worst[k] = r == 0 ? EPS : r;
        }
        return worst;
    }

    private static boolean strictlyBelow(double[] p, double[] reference) {
        for (int k = 0; k < reference.length; k++) {
            if (!(p[k] < reference[k])) {
                return false;
            }
        }
        return true;
    }

    /** Volume dominated by {@code points} in their first {@code d} coordinates; all lie below the reference. */
    private static double volume(double[][] points, double[] reference, int d) {
        if (d == 1) {
            double best = reference[0];
            for (double[] p : points) {
                best = Math.min(best, p[0]);
            }
            return reference[0] - best;
        }
        double[][] sorted = points.clone();
        int last = d - 1;
        if (d == 2) {
            // Sweep in x; each point adds the strip between its y and the lowest y seen so far.
            Arrays.sort(sorted, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double area = 0;
            double lowestY = reference[1];
            for (double[] p : sorted) {
                if (p[1] < lowestY) {
                    area += (reference[0] - p[0]) * (lowestY - p[1]);
                    lowestY = p[1];
                }
            }
            return area;
        }
        // Slice along the last coordinate: between consecutive values, the slab's cross-section is the
        // (d-1)-dimensional volume of the points at or below it. Only the points no other one at or below
        // dominates in the first d-1 coordinates shape a cross-section, so only they are kept.
        Arrays.sort(sorted, Comparator.comparingDouble(p -> p[last]));
        List<double[]> front = new ArrayList<>();
        double total = 0;
        double section = 0;
        boolean changed = false;
        for (int i = 0; i < sorted.length; i++) {
            double[] p = sorted[i];
            if (!weaklyDominated(front, p, last)) {
                front.removeIf(q -> weaklyDominates(p, q, last));
                front.add(p);
                changed = true;
            }
            double top = i + 1 < sorted.length ? sorted[i + 1][last] : reference[last];
            double height = top - p[last];
            if (height > 0) {
                if (changed) {
                    section = volume(front.toArray(double[][]::new), reference, last);
                    changed = false;
                }
                total += height * section;
            }
        }
        return total;
    }

    private static boolean weaklyDominated(List<double[]> front, double[] p, int d) {
        for (double[] q : front) {
            if (weaklyDominates(q, p, d)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code a} is at least as good as {@code b} in each of the first {@code d} coordinates. */
    private static boolean weaklyDominates(double[] a, double[] b, int d) {
        for (int k = 0; k < d; k++) {
            if (a[k] > b[k]) {
                return false;
            }
        }
        return true;
    }
}
