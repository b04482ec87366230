package dev.sibyl.tuner.builtin.curvefitting;

import java.util.Arrays;

/**
 * Nonlinear least squares by Levenberg-Marquardt (Marquardt 1963) with a forward-difference Jacobian, for the
 * few (≤ 4) parameters of a {@link CurveFamily} over a short curve. Deterministic: no random restarts.
 */
final class LeastSquares {
    private static final int MAX_ITERATIONS = 200;

    private LeastSquares() {}

    /** A fitted parameter vector and its sum of squared residuals ({@code +inf} when the fit failed). */
    record Fit(double[] parameters, double sse) {
        boolean ok() {
            return Double.isFinite(sse);
        }
    }

    /** Fits {@code family} to {@code y[i]} at {@code x = i + 1} from {@code start}. */
    static Fit fit(CurveFamily family, double[] y, double[] start) {
        int k = family.parameters();
        int n = y.length;
        double[] p = start.clone();
        double sse = sse(family, y, p);
        if (!Double.isFinite(sse)) {
            return new Fit(p, Double.POSITIVE_INFINITY);
        }
        double lambda = 1e-3;
        double[] residual = new double[n];
        double[][] jacobian = new double[n][k];
        for (int iteration = 0; iteration < MAX_ITERATIONS && lambda < 1e12; iteration++) {
            if (!linearise(family, y, p, residual, jacobian)) {
                break;
            }
            double[][] normal = new double[k][k];
            double[] gradient = new double[k];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < k; a++) {
                    gradient[a] += jacobian[i][a] * residual[i];
                    for (int b = 0; b < k; b++) {
                        normal[a][b] += jacobian[i][a] * jacobian[i][b];
                    }
                }
            }
            boolean improved = false;
            while (lambda < 1e12) {
                double[][] damped = new double[k][];
                for (int a = 0; a < k; a++) {
                    damped[a] = normal[a].clone();
                    damped[a][a] += lambda * (normal[a][a] + 1e-12);
                }
                double[] step = solve(damped, negate(gradient));
                if (step == null) {
                    lambda *= 10;
                    continue;
                }
                double[] candidate = new double[k];
                for (int a = 0; a < k; a++) {
                    candidate[a] = p[a] + step[a];
                }
                double candidateSse = sse(family, y, candidate);
                if (Double.isFinite(candidateSse) && candidateSse < sse) {
                    double gain = sse - candidateSse;
                    p = candidate;
                    sse = candidateSse;
                    lambda = Math.max(lambda / 3, 1e-12);
                    improved = gain > 1e-14 * (sse + 1e-300);
                    break;
                }
                lambda *= 4;
            }
            if (!improved) {
                break;
            }
        }
        return new Fit(p, sse);
    }

    static double sse(CurveFamily family, double[] y, double[] p) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double r = family.value(i + 1, p) - y[i];
            sum += r * r;
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }

    private static boolean linearise(CurveFamily family, double[] y, double[] p, double[] residual, double[][] jac) {
        for (int i = 0; i < y.length; i++) {
            double x = i + 1;
            double f = family.value(x, p);
            residual[i] = f - y[i];
            for (int a = 0; a < p.length; a++) {
                double h = 1e-7 * Math.max(Math.abs(p[a]), 1e-3);
                double saved = p[a];
                p[a] = saved + h;
                jac[i][a] = (family.value(x, p) - f) / h;
                p[a] = saved;
                if (!Double.isFinite(jac[i][a])) {
                    return false;
                }
            }
            if (!Double.isFinite(residual[i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] negate(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
        return out;
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting; null when singular. */
    static double[] solve(double[][] a, double[] b) {
        int k = b.length;
        double[][] m = new double[k][];
        for (int i = 0; i < k; i++) {
            m[i] = Arrays.copyOf(a[i], k + 1);
            m[i][k] = b[i];
        }
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int row = col + 1; row < k; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            if (!(Math.abs(m[pivot][col]) > 1e-300)) {
                return null;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int row = col + 1; row < k; row++) {
                double factor = m[row][col] / m[col][col];
                for (int c = col; c <= k; c++) {
                    m[row][c] -= factor * m[col][c];
                }
            }
        }
        double[] x = new double[k];
        for (int row = k - 1; row >= 0; row--) {
            double sum = m[row][k];
            for (int c = row + 1; c < k; c++) {
                sum -= m[row][c] * x[c];
            }
            x[row] = sum / m[row][row];
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return x;
    }
}
