package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.linalg.Cholesky;
import java.util.Arrays;

/**
 * Gaussian-process regression with a zero prior mean: {@code y = f(x) + ε}, {@code f ~ GP(0, k)}, {@code ε ~ N(0,
 * noise)}. Rasmussen &amp; Williams 2006, Algorithm 2.1: {@code L = chol(K + noise I)}, {@code α = L^T \ (L \ y)},
 * mean {@code k*^T α}, variance {@code k(x*, x*) - |L \ k*|²}, log marginal likelihood {@code -y^T α / 2 - Σ log
 * L_ii - n log(2π) / 2}. Immutable apart from a prediction cache filled on first use (so not for concurrent
 * use from several threads); {@link #plus} adds one point with an O(n²) {@link Cholesky#append}, giving
 * exactly the model a fresh {@link #of} would.
 */
public final class GaussianProcess {
    private final Kernel kernel;
    private final double noise;
    private final double[][] points;
    private final Cholesky factor;
    private final double[] targets;
    private final double[] alpha;
    /** The points divided by the length scales, computed on first prediction: k then needs no division. */
    private double[][] scaled;

    private double[] inverseLengths;

    private GaussianProcess(Kernel kernel, double noise, double[][] points, Cholesky factor, double[] targets) {
        this.kernel = kernel;
        this.noise = noise;
        this.points = points;
        this.factor = factor;
        this.targets = targets.clone();
        this.alpha = factor.solve(this.targets);
    }

    /**
     * The posterior given {@code points} and their {@code targets}.
     *
     * @throws ArithmeticException when the covariance matrix is numerically singular
     */
    public static GaussianProcess of(Kernel kernel, double noise, double[][] points, double[] targets) {
        if (points.length != targets.length) {
            throw new IllegalArgumentException(points.length + " points but " + targets.length + " targets");
        }
        Cholesky c = Cholesky.empty();
        for (double[] p : points) {
            c = c.append(covariances(kernel, points, c.size(), p), kernel.variance() + noise);
        }
        return new GaussianProcess(kernel, noise, points.clone(), c, targets);
    }

    /** The model with one more point (O(n²)). */
    public GaussianProcess plus(double[] point, double target) {
        Cholesky c = factor.append(covariances(kernel, points, points.length, point), kernel.variance() + noise);
        double[][] p = Arrays.copyOf(points, points.length + 1);
        p[points.length] = point;
        double[] t = Arrays.copyOf(targets, targets.length + 1);
        t[targets.length] = target;
        return new GaussianProcess(kernel, noise, p, c, t);
    }

    /** The same points with other targets (no refactorization). */
    public GaussianProcess withTargets(double[] newTargets) {
        if (newTargets.length != points.length) {
            throw new IllegalArgumentException(points.length + " points but " + newTargets.length + " targets");
        }
        return new GaussianProcess(kernel, noise, points, factor, newTargets);
    }

    private static double[] covariances(Kernel kernel, double[][] points, int n, double[] x) {
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = kernel.value(points[i], x);
        }
        return k;
    }

    public int size() {
        return points.length;
    }

    public Kernel kernel() {
        return kernel;
    }

    public double noise() {
        return noise;
    }

    /** Posterior mean and variance of f at {@code x}, as {@code {mean, variance}}. */
    public double[] predict(double[] x) {
        double[] k = scaledCovariances(x);
        double mean = 0;
        for (int i = 0; i < k.length; i++) {
            mean += k[i] * alpha[i];
        }
        double[] v = factor.solveLower(k);
        double explained = 0;
        for (double vi : v) {
            explained += vi * vi;
        }
        return new double[] {mean, Math.max(kernel.variance() - explained, 0.0)};
    }

    /** Posterior mean only (O(n)). */
    public double mean(double[] x) {
        double[] k = scaledCovariances(x);
        double mean = 0;
        for (int i = 0; i < k.length; i++) {
            mean += k[i] * alpha[i];
        }
        return mean;
    }

    private double[] scaledCovariances(double[] x) {
        if (scaled == null) {
            inverseLengths = new double[x.length];
            double[] lengths = kernel.lengthScales();
            for (int j = 0; j < x.length; j++) {
                inverseLengths[j] = 1 / lengths[j];
            }
            scaled = new double[points.length][];
            for (int i = 0; i < points.length; i++) {
                scaled[i] = scale(points[i]);
            }
        }
        double[] xs = scale(x);
        double[] k = new double[scaled.length];
        for (int i = 0; i < k.length; i++) {
            double[] p = scaled[i];
            double r2 = 0;
            for (int j = 0; j < xs.length; j++) {
                double t = p[j] - xs[j];
                r2 += t * t;
            }
            k[i] = kernel.ofSquaredDistance(r2);
        }
        return k;
    }

    private double[] scale(double[] x) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j] * inverseLengths[j];
        }
        return out;
    }

    /** {@code log p(y | X)}. */
    public double logMarginalLikelihood() {
        double fit = 0;
        for (int i = 0; i < targets.length; i++) {
            fit += targets[i] * alpha[i];
        }
        return -0.5 * fit - 0.5 * factor.logDeterminant() - 0.5 * targets.length * Math.log(2 * Math.PI);
    }

    /**
     * Leave-one-out residuals {@code y_i - μ_{-i}(x_i) = α_i / (K⁻¹)_ii} and their predictive variances {@code
     * 1 / (K⁻¹)_ii} (Rasmussen &amp; Williams 2006, eq. 5.12), as {@code {residuals, variances}}; O(n³).
     */
    public double[][] leaveOneOut() {
        int n = points.length;
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            diag[i] = factor.solve(e)[i];
        }
        double[] residuals = new double[n];
        double[] variances = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = alpha[i] / diag[i];
            variances[i] = 1 / diag[i];
        }
        return new double[][] {residuals, variances};
    }
}
