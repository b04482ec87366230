package dev.sibyl.tuner.spi.pareto;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance over loss vectors (every coordinate to be minimized; {@link #losses} turns raw values with
 * directions into losses). A point dominates another when it is no worse in every coordinate and better in
 * at least one; equal points do not dominate each other, so duplicates share a rank. Pure and deterministic:
 * the answers depend on the points, and on input positions only to order ties.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /** Whether {@code a} dominates {@code b}. */
    public static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) {
                return false;
            }
            if (a[k] < b[k]) {
                strictly = true;
            }
        }
        return strictly;
    }

    /**
     * The non-dominated rank of every point (Deb et al., NSGA-II, 2002): 0 for the points no other dominates,
     * 1 for those only rank-0 points dominate, and so on.
     *
     * @throws IllegalArgumentException when a coordinate is NaN or the vectors differ in length
     */
    public static int[] ranks(double[][] losses) {
        check(losses);
        int n = losses.length;
        // A point can only be dominated by one that comes before it in lexicographic order, so after sorting
        // each pair needs one test.
        Integer[] boxed = sortedPositions(n, (a, b) -> Arrays.compare(losses[a], losses[b]));
        int[] dominatedBy = new int[n];
        int[][] dominates = new int[n][];
        int[] scratch = new int[n];
        for (int a = 0; a < n; a++) {
            int i = boxed[a];
            int c = 0;
            for (int b = a + 1; b < n; b++) {
                int j = boxed[b];
                if (dominates(losses[i], losses[j])) {
                    scratch[c++] = j;
                    dominatedBy[j]++;
                }
            }
            dominates[i] = Arrays.copyOf(scratch, c);
        }
        int[] rank = new int[n];
        int[] current = new int[n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current[size++] = i;
            }
        }
        int[] next = new int[n];
        for (int r = 0; size > 0; r++) {
            int nextSize = 0;
            for (int s = 0; s < size; s++) {
                int i = current[s];
                rank[i] = r;
                for (int j : dominates[i]) {
                    if (--dominatedBy[j] == 0) {
                        next[nextSize++] = j;
                    }
                }
            }
            int[] swap = current;
            current = next;
            next = swap;
            size = nextSize;
        }
        return rank;
    }

    /**
     * The crowding distance of every point within {@code losses} (Deb et al., NSGA-II, 2002): per coordinate,
     * the points at either end get infinity and the others the gap between their neighbours over the
     * coordinate's range, summed over coordinates. Larger means more isolated; a cheap stand-in for hypervolume
     * contributions when there are many objectives. Ties in a coordinate keep position order.
     */
    public static double[] crowding(double[][] losses) {
        check(losses);
        int n = losses.length;
        double[] distance = new double[n];
        if (n == 0) {
            return distance;
        }
        for (int k = 0; k < losses[0].length; k++) {
            int coordinate = k;
            Integer[] order = sortedPositions(n, Comparator.comparingDouble(i -> losses[i][coordinate]));
            double range = losses[order[n - 1]][k] - losses[order[0]][k];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[n - 1]] = Double.POSITIVE_INFINITY;
            for (int r = 1; r < n - 1 && range > 0; r++) {
                distance[order[r]] += (losses[order[r + 1]][k] - losses[order[r - 1]][k]) / range;
            }
        }
        return distance;
    }

    /**
     * The positions of the non-dominated points, ordered by their loss vectors lexicographically (ties, which
     * are equal points, by position), so equal inputs in any order give the same sequence of points.
     */
    public static int[] front(double[][] losses) {
        int[] rank = ranks(losses);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            if (rank[i] == 0) {
                out.add(i);
            }
        }
        out.sort(Comparator.<Integer, double[]>comparing(i -> losses[i], Arrays::compare)
                .thenComparing(i -> i));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The observations of {@code history} on the Pareto front of {@code objectives}: those carrying a finite
     * value for every objective that no other such observation dominates, in {@link #front} order. This is the
     * result of a multi-objective search.
     */
    public static List<Observation> of(History history, List<Objective> objectives) {
        List<Observation> candidates = new ArrayList<>();
        List<double[]> losses = new ArrayList<>();
        for (Observation o : history.observations()) {
            double[] loss = o.hasValues(objectives.size()) ? losses(o.values(), objectives) : null;
            if (loss != null && Arrays.stream(loss).allMatch(Double::isFinite)) {
                candidates.add(o);
                losses.add(loss);
            }
        }
        int[] front = front(losses.toArray(double[][]::new));
        List<Observation> out = new ArrayList<>(front.length);
        for (int i : front) {
            out.add(candidates.get(i));
        }
        return out;
    }

    /** Raw objective values (in {@code objectives} order) as a loss vector: maximized metrics negated. */
    public static double[] losses(List<Double> values, List<Objective> objectives) {
        if (values.size() != objectives.size()) {
            throw new IllegalArgumentException(
                    "expected " + objectives.size() + " objective values, got " + values.size());
        }
        double[] out = new double[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = objectives.get(k).toLoss(values.get(k));
        }
        return out;
    }

    /** Positions 0..n-1 sorted stably by {@code order}. */
    private static Integer[] sortedPositions(int n, Comparator<Integer> order) {
        Integer[] positions = new Integer[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        Arrays.sort(positions, order);
        return positions;
    }

    static void check(double[][] losses) {
        for (double[] p : losses) {
            if (p.length != losses[0].length) {
                throw new IllegalArgumentException("loss vectors differ in length");
            }
            for (double v : p) {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("a loss is NaN");
                }
            }
        }
    }
}
