package dev.sibyl.tuner.builtin.gp;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fits a GP's hyper-parameters (one length scale per coordinate, signal variance, noise variance) by maximizing
 * the log marginal likelihood plus a weak log-normal prior on the length scales (centred on 0.5 cube widths,
 * which keeps the fit sane with few points), over log parameters with Nelder–Mead from three starts: all
 * length scales 0.5, all 0.15, and one random start. Bounds: length scales {@code [0.01,
 * 20]}, signal variance {@code [0.05, 20]} (targets are standardized), noise {@code [alpha, 1]}.
 *
 * <p>At most {@link #MAX_POINTS} points take part (evenly spaced over the data when there are more), and each
 * start gets {@code 30 (d + 2)} evaluations, so a fit costs a bounded few hundred O(m³) factorizations.
 */
public final class HyperparameterFit {
    /** Points used for the fit at most. */
    public static final int MAX_POINTS = 96;

    private static final double LOG_MIN_LENGTH = Math.log(0.01);
    private static final double LOG_MAX_LENGTH = Math.log(20);
    private static final double LOG_PRIOR_LENGTH = Math.log(0.5);
    private static final double LOG_PRIOR_SPREAD = 1.5;

    /** The fitted kernel and noise. */
    public record Fitted(Kernel kernel, double noise) {}

    private HyperparameterFit() {}

    /**
     * Fits to {@code points} and standardized {@code targets}.
     *
     * @param seed seeds the random start, so the fit is a function of its inputs
     */
    public static Fitted fit(double[][] points, double[] targets, double nu, double alpha, long seed) {
        int n = points.length;
        double[][] x = points;
        double[] y = targets;
        if (n > MAX_POINTS) {
            x = new double[MAX_POINTS][];
            y = new double[MAX_POINTS];
            for (int i = 0; i < MAX_POINTS; i++) {
                int j = (int) ((long) i * n / MAX_POINTS);
                x[i] = points[j];
                y[i] = targets[j];
            }
        }
        int d = x[0].length;
        double logAlpha = Math.log(alpha);
        final double[][] fx = x;
        final double[] fy = y;
        java.util.function.ToDoubleFunction<double[]> objective = theta -> {
            Fitted f = decode(theta, d, nu, logAlpha);
            try {
                double lml = GaussianProcess.of(f.kernel(), f.noise(), fx, fy).logMarginalLikelihood();
                double prior = 0;
                for (int i = 0; i < d; i++) {
                    double z = (Math.log(f.kernel().lengthScales()[i]) - LOG_PRIOR_LENGTH) / LOG_PRIOR_SPREAD;
                    prior -= 0.5 * z * z;
                }
                return -(lml + prior);
            } catch (ArithmeticException e) {
                return Double.POSITIVE_INFINITY;
            }
        };
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] starts = new double[3][d + 2];
        for (int i = 0; i < d; i++) {
            starts[0][i] = LOG_PRIOR_LENGTH;
            starts[1][i] = Math.log(0.15);
            starts[2][i] = Math.log(0.05) + rng.nextDouble() * Math.log(40);
        }
        starts[0][d] = 0;
        starts[1][d] = 0;
        starts[2][d] = rng.nextDouble(-1, 1);
        double noiseStart = Math.max(logAlpha, Math.log(1e-3));
        starts[0][d + 1] = noiseStart;
        starts[1][d + 1] = noiseStart;
        starts[2][d + 1] = Math.max(logAlpha, Math.log(1e-2));
        double[] best = null;
        for (double[] start : starts) {
            double[] found = NelderMead.minimize(objective, start, 0.7, 30 * (d + 2));
            if (best == null || found[d + 2] < best[d + 2]) {
                best = found;
            }
        }
        return decode(Arrays.copyOf(best, d + 2), d, nu, logAlpha);
    }

    private static Fitted decode(double[] theta, int d, double nu, double logAlpha) {
        double[] lengths = new double[d];
        for (int i = 0; i < d; i++) {
            lengths[i] = Math.exp(clamp(theta[i], LOG_MIN_LENGTH, LOG_MAX_LENGTH));
        }
        double variance = Math.exp(clamp(theta[d], Math.log(0.05), Math.log(20)));
        double noise = Math.exp(clamp(theta[d + 1], logAlpha, Math.max(logAlpha, 0.0)));
        return new Fitted(new Kernel(nu, lengths, variance), noise);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.min(Math.max(v, lo), hi);
    }
}
