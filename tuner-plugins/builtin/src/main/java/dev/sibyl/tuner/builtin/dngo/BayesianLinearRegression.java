package dev.sibyl.tuner.builtin.dngo;

import dev.sibyl.tuner.builtin.linalg.Cholesky;

/**
 * Bayesian linear regression on fixed features (C. M. Bishop, "Pattern Recognition and Machine Learning",
 * 2006, §3.3–3.5): weights {@code w ~ N(0, α⁻¹ I)}, targets {@code y = φ(x)^T w + N(0, β⁻¹)}. Posterior {@code A =
 * α I + β Φ^T Φ}, {@code m = β A⁻¹ Φ^T y}; predictive mean {@code φ^T m}, variance {@code 1/β + φ^T A⁻¹ φ}. Works
 * on the sufficient statistics ({@link Statistics}), so refitting α and β costs O(D³) per step whatever the
 * number of points. {@link #fit} sets α and β by MacKay's evidence fixed-point iterations (§3.5.2) with {@code γ
 * = D - α tr(A⁻¹)}.
 */
final class BayesianLinearRegression {
    private final double alpha;
    private final double beta;
    private final Cholesky factor;
    private final double[] weights;
    private final double residual;
    private final double logEvidence;

    /** {@code Φ^T Φ} (lower triangle), {@code Φ^T y}, {@code y^T y} and the number of points. */
    static final class Statistics {
        final double[][] gram;
        final double[] phiY;
        double yy;
        int n;

        Statistics(int features) {
            gram = new double[features][];
            for (int i = 0; i < features; i++) {
                gram[i] = new double[i + 1];
            }
            phiY = new double[features];
        }

        void add(double[] f, double y) {
            for (int i = 0; i < f.length; i++) {
                double fi = f[i];
                double[] row = gram[i];
                for (int j = 0; j <= i; j++) {
                    row[j] += fi * f[j];
                }
                phiY[i] += fi * y;
            }
            yy += y * y;
            n++;
        }
    }

    private BayesianLinearRegression(double alpha, double beta, Statistics s) {
        this.alpha = alpha;
        this.beta = beta;
        int d = s.phiY.length;
        double[][] a = new double[d][];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            a[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                a[i][j] = beta * s.gram[i][j];
            }
            a[i][i] += alpha;
            b[i] = beta * s.phiY[i];
        }
        this.factor = Cholesky.of(a);
        this.weights = factor.solve(b);
        // |y - Φm|² = y^T y - 2 m^T Φ^T y + m^T Φ^T Φ m
        double quad = 0;
        for (int i = 0; i < d; i++) {
            double row = s.gram[i][i] * weights[i];
            for (int j = 0; j < i; j++) {
                row += 2 * s.gram[i][j] * weights[j];
            }
            quad += weights[i] * row;
        }
        this.residual = Math.max(0.0, s.yy - 2 * dot(weights, s.phiY) + quad);
        double energy = 0.5 * beta * residual + 0.5 * alpha * dot(weights, weights);
        this.logEvidence = 0.5 * d * Math.log(alpha)
                + 0.5 * s.n * Math.log(beta)
                - energy
                - 0.5 * factor.logDeterminant()
                - 0.5 * s.n * Math.log(2 * Math.PI);
    }

    /** The posterior with given precisions. */
    static BayesianLinearRegression of(double alpha, double beta, Statistics s) {
        return new BayesianLinearRegression(alpha, beta, s);
    }

    /** The posterior with α and β re-estimated by at most {@code iterations} evidence fixed-point steps. */
    static BayesianLinearRegression fit(Statistics s, int iterations) {
        int d = s.phiY.length;
        double alpha = 1.0;
        double beta = 10.0;
        BayesianLinearRegression model = of(alpha, beta, s);
        for (int it = 0; it < iterations; it++) {
            double trace = model.inverseTrace();
            double gamma = Math.max(1e-6, d - alpha * trace);
            double nextAlpha = clamp(gamma / Math.max(dot(model.weights, model.weights), 1e-12), 1e-4, 1e4);
            double nextBeta = clamp(Math.max(s.n - gamma, 1e-6) / Math.max(model.residual, 1e-12), 1e-2, 1e6);
            boolean converged = Math.abs(nextAlpha - alpha) < 1e-4 * alpha && Math.abs(nextBeta - beta) < 1e-4 * beta;
            alpha = nextAlpha;
            beta = nextBeta;
            model = of(alpha, beta, s);
            if (converged) {
                break;
            }
        }
        return model;
    }

    /** {@code tr(A⁻¹) = |L⁻¹|²_F}, from the columns of {@code L⁻¹}. */
    private double inverseTrace() {
        int d = weights.length;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            double[] e = new double[d];
            e[i] = 1;
            double[] col = factor.solveLower(e);
            trace += dot(col, col);
        }
        return trace;
    }

    double alpha() {
        return alpha;
    }

    double beta() {
        return beta;
    }

    double logEvidence() {
        return logEvidence;
    }

    /** Predictive mean and variance at features {@code f}, as {@code {mean, variance}}. */
    double[] predict(double[] f) {
        double[] v = factor.solveLower(f);
        return new double[] {dot(f, weights), 1 / beta + dot(v, v)};
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.min(Math.max(v, lo), hi);
    }
}
