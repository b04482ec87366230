package dev.sibyl.tuner.builtin.gp;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Maximizes an acquisition function over the unit cube: {@code warmUp} uniform random points plus the given
 * seeds (e.g. the best observed points) are scored, then the best {@code starts} of them are refined by a
 * (1+1) evolution strategy with the one-fifth success rule (Rechenberg 1973), {@code min(localSteps, 100)} steps
 * each.
 * Every point is {@linkplain UnitCube#snap snapped} before scoring, so discrete parameters are scored where
 * trials would really run. Ties keep the earlier point, so the result is a function of the generator's draws.
 */
public final class AcquisitionSearch {
    static final double FLOP_BUDGET = 2.5e7;
    static final int MIN_EVALUATIONS = 200;
    static final int MAX_EVALUATIONS = 20_000;

    /** Refinement steps per start at most: past this the acquisition surface is resolved well enough. */
    public static final int MAX_LOCAL_STEPS = 100;

    private AcquisitionSearch() {}

    /**
     * Acquisition evaluations allowed for one proposal with n modelled points in d dimensions: {@code E =
     * clamp(2.5e7 / (n²/2 + 4nd), 200, 20000)}, which keeps a proposal near 2.5e7 floating-point operations
     * whatever n (an evaluation costs a triangular solve of n²/2 and O(nd) kernel terms): 20,000 evaluations up
     * to ~40 points, ~3,700 at 100, ~190 at 500.
     */
    public static int evaluationBudget(int n, int d) {
        double perEvaluation = 0.5 * n * (double) n + 4.0 * n * d + 1;
        return (int) Math.max(MIN_EVALUATIONS, Math.min(MAX_EVALUATIONS, FLOP_BUDGET / perEvaluation));
    }

    /** The best snapped point found. */
    public static double[] maximize(
            ToDoubleFunction<double[]> acquisition,
            UnitCube cube,
            RandomGenerator rng,
            int warmUp,
            List<double[]> seeds,
            int starts,
            int localSteps) {
        int d = cube.dimension();
        int total = warmUp + seeds.size();
        double[][] points = new double[total][];
        double[] values = new double[total];
        for (int i = 0; i < total; i++) {
            double[] u;
            if (i < seeds.size()) {
                u = cube.snap(seeds.get(i));
            } else {
                u = new double[d];
                for (int j = 0; j < d; j++) {
                    u[j] = rng.nextDouble();
                }
                u = cube.snap(u);
            }
            points[i] = u;
            values[i] = score(acquisition, u);
        }
        int k = Math.min(starts, total);
        int steps = Math.min(localSteps, MAX_LOCAL_STEPS);
        int[] top = topIndices(values, k);
        double[] best = points[top[0]];
        double bestValue = values[top[0]];
        for (int s = 0; s < k; s++) {
            double[] x = points[top[s]];
            double fx = values[top[s]];
            double sigma = 0.1;
            for (int step = 0; step < steps; step++) {
                double[] y = new double[d];
                for (int j = 0; j < d; j++) {
                    y[j] = Math.min(Math.max(x[j] + sigma * rng.nextGaussian(), 0.0), 1.0);
                }
                y = cube.snap(y);
                double fy = score(acquisition, y);
                if (fy > fx) {
                    x = y;
                    fx = fy;
                    sigma = Math.min(sigma * 1.5, 0.5);
                } else {
                    sigma = Math.max(sigma * 0.85, 1e-4);
                }
            }
            if (fx > bestValue) {
                best = x;
                bestValue = fx;
            }
        }
        return best;
    }

    private static double score(ToDoubleFunction<double[]> f, double[] u) {
        double v = f.applyAsDouble(u);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static int[] topIndices(double[] values, int k) {
        int[] top = new int[k];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            int pos = filled;
            while (pos > 0 && values[i] > values[top[pos - 1]]) {
                pos--;
            }
            if (pos < k) {
                int end = Math.min(filled, k - 1);
                System.arraycopy(top, pos, top, pos + 1, end - pos);
                top[pos] = i;
                filled = Math.min(filled + 1, k);
            }
        }
        return top;
    }
}
