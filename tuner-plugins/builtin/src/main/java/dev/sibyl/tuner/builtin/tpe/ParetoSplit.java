package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.spi.pareto.Hypervolume;
import dev.sibyl.tuner.spi.pareto.ParetoFront;
import java.util.Arrays;

/**
 * MOTPE's split of records into the "below" (good) and "above" groups when each record has a loss vector
 * (Y. Ozaki, Y. Tanigaki, S. Watanabe, M. Onishi, "Multiobjective Tree-Structured Parzen Estimator for
 * Computationally Expensive Optimization Problems", GECCO 2020; the rules as Optuna 3.1's TPE sampler applies
 * them):
 *
 * <ol>
 *   <li>Records are ranked by non-domination; whole ranks, best first, go below while they fit.
 *   <li>The first rank that does not fit is cut by greedy hypervolume subset selection: repeatedly the member
 *       adding the most hypervolume to those already chosen (reference: that rank's worst point moved out by a
 *       tenth, {@link Hypervolume#referenceFor}); ties go to the earlier record.
 *   <li>Below-group weights are each member's exclusive hypervolume contribution within the group, plus a
 *       tiny constant, over the largest one; the above group keeps TPE's forgetting weights.
 * </ol>
 *
 * Exact hypervolume grows exponentially with the number of objectives; beyond {@value
 * #MAX_HYPERVOLUME_OBJECTIVES} objectives the rank is cut by NSGA-II's crowding distance instead (most isolated
 * first) and below-group weights are equal, so an ask stays well under a second at a thousand observations.
 */
final class ParetoSplit {
    private static final double EPS = 1e-12;
    static final int MAX_HYPERVOLUME_OBJECTIVES = 4;

    private ParetoSplit() {}

    /**
     * {@code rows} (record indices, in history order) reordered so that the first {@code belowCount} are the
     * below group; the others follow by rank, then history order.
     */
    static int[] order(int[] rows, double[][] lossVectors, int belowCount) {
        int m = rows.length;
        double[][] losses = new double[m][];
        for (int i = 0; i < m; i++) {
            losses[i] = lossVectors[rows[i]];
        }
        int[] rank = ParetoFront.ranks(losses);
        // Step 1: whole ranks while they fit.
        int[] byRank = IndexSort.byKey(Arrays.stream(rank).asDoubleStream().toArray());
        int[] out = new int[m];
        boolean[] taken = new boolean[m];
        int filled = 0;
        int start = 0;
        while (start < m) {
            int end = start;
            while (end < m && rank[byRank[end]] == rank[byRank[start]]) {
                end++;
            }
            if (filled + (end - start) > belowCount) {
                // Step 2: the rank that does not fit, cut by hypervolume.
                int[] rankMembers = Arrays.copyOfRange(byRank, start, end);
                int[] chosen = losses[0].length > MAX_HYPERVOLUME_OBJECTIVES
                        ? selectByCrowding(rankMembers, losses, belowCount - filled)
                        : selectByHypervolume(rankMembers, losses, belowCount - filled);
                for (int i : chosen) {
                    out[filled++] = rows[i];
                    taken[i] = true;
                }
                break;
            }
            for (int k = start; k < end; k++) {
                out[filled++] = rows[byRank[k]];
                taken[byRank[k]] = true;
            }
            start = end;
        }
        for (int i : byRank) {
            if (!taken[i]) {
                out[filled++] = rows[i];
            }
        }
        return out;
    }

    /** The {@code size} most isolated of {@code candidates} by crowding distance, the earliest on ties. */
    private static int[] selectByCrowding(int[] candidates, double[][] losses, int size) {
        double[][] points = Arrays.stream(candidates).mapToObj(c -> losses[c]).toArray(double[][]::new);
        double[] distance = ParetoFront.crowding(points);
        // Descending distance, stable: negate for the ascending index sort (infinite distances first).
        int[] order = IndexSort.byKey(Arrays.stream(distance).map(d -> -d).toArray());
        int[] out = new int[size];
        for (int s = 0; s < size; s++) {
            out[s] = candidates[order[s]];
        }
        return out;
    }

    /**
     * Greedy hypervolume subset selection of {@code size} among {@code candidates} (positions in losses): each
     * step takes the candidate adding the most volume, the earliest on ties. Evaluated lazily: a candidate's gain
     * only shrinks as the selection grows, so a stale gain is an upper bound and only the leader is recomputed
     * until a fresh one leads; the result is the eager one's.
     */
    private static int[] selectByHypervolume(int[] candidates, double[][] losses, int size) {
        int n = candidates.length;
        double[][] points = new double[n][];
        for (int c = 0; c < n; c++) {
            points[c] = losses[candidates[c]];
        }
        double[] reference = Hypervolume.referenceFor(points);
        double[] bound = new double[n];
        int[] freshAt = new int[n];
        for (int c = 0; c < n; c++) {
            bound[c] = Hypervolume.of(new double[][] {points[c]}, reference);
        }
        boolean[] chosen = new boolean[n];
        double[][] selected = new double[size + 1][];
        double selectedVolume = 0;
        int[] out = new int[size];
        for (int s = 0; s < size; s++) {
            while (true) {
                int leader = -1;
                for (int c = 0; c < n; c++) {
                    if (!chosen[c] && (leader < 0 || bound[c] > bound[leader])) {
                        leader = c;
                    }
                }
                if (freshAt[leader] == s) {
                    chosen[leader] = true;
                    selected[s] = points[leader];
                    selectedVolume = Hypervolume.of(Arrays.copyOf(selected, s + 1), reference);
                    out[s] = candidates[leader];
                    break;
                }
                selected[s] = points[leader];
                bound[leader] = Hypervolume.of(Arrays.copyOf(selected, s + 1), reference) - selectedVolume;
                freshAt[leader] = s;
            }
        }
        return out;
    }

    /**
     * Weights of the below group {@code members} (record indices): relative hypervolume contributions among the
     * real records; records at or after {@code firstLie} (constant-liar stand-ins, which have no real value to
     * contribute) get weight 1.
     */
    static double[] belowWeights(int[] members, double[][] lossVectors, int firstLie) {
        double[] weights = new double[members.length];
        Arrays.fill(weights, 1.0);
        int[] real = Arrays.stream(members).filter(r -> r < firstLie).toArray();
        if (real.length < 2 || lossVectors[real[0]].length > MAX_HYPERVOLUME_OBJECTIVES) {
            return weights;
        }
        double[][] points = Arrays.stream(real).mapToObj(r -> lossVectors[r]).toArray(double[][]::new);
        double[] contributions = Hypervolume.contributions(points, Hypervolume.referenceFor(points));
        double max = Arrays.stream(contributions).max().orElse(0) + EPS;
        for (int i = 0, k = 0; i < members.length; i++) {
            if (members[i] < firstLie) {
                weights[i] = (contributions[k++] + EPS) / max;
            }
        }
        return weights;
    }
}
