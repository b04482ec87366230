package dev.sibyl.tuner.builtin.gp;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Minimizes a function with the Nelder–Mead simplex (J. A. Nelder, R. Mead, "A simplex method for function
 * minimization", Computer Journal 7, 1965), standard coefficients (1, 2, 0.5, 0.5), for a bounded number of
 * evaluations. Non-finite values count as +∞.
 */
final class NelderMead {
    private NelderMead() {}

    /** The best point found, with its value appended as the last element. */
    static double[] minimize(ToDoubleFunction<double[]> f, double[] start, double step, int maxEvaluations) {
        int d = start.length;
        double[][] simplex = new double[d + 1][];
        double[] values = new double[d + 1];
        simplex[0] = start.clone();
        for (int i = 0; i < d; i++) {
            double[] p = start.clone();
            p[i] += step;
            simplex[i + 1] = p;
        }
        int evals = 0;
        for (int i = 0; i <= d; i++) {
            values[i] = value(f, simplex[i]);
            evals++;
        }
        Integer[] order = new Integer[d + 1];
        while (evals < maxEvaluations) {
            for (int i = 0; i <= d; i++) {
                order[i] = i;
            }
            final double[] vs = values;
            Arrays.sort(order, (a, b) -> Double.compare(vs[a], vs[b]));
            double[][] s = new double[d + 1][];
            double[] v = new double[d + 1];
            for (int i = 0; i <= d; i++) {
                s[i] = simplex[order[i]];
                v[i] = values[order[i]];
            }
            simplex = s;
            values = v;
            if (v[d] - v[0] < 1e-7 * (1 + Math.abs(v[0]))) {
                break;
            }
            double[] centroid = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    centroid[j] += simplex[i][j] / d;
                }
            }
            double[] reflected = toward(centroid, simplex[d], -1);
            double fr = value(f, reflected);
            evals++;
            if (fr < values[0]) {
                double[] expanded = toward(centroid, simplex[d], -2);
                double fe = value(f, expanded);
                evals++;
                if (fe < fr) {
                    simplex[d] = expanded;
                    values[d] = fe;
                } else {
                    simplex[d] = reflected;
                    values[d] = fr;
                }
            } else if (fr < values[d - 1]) {
                simplex[d] = reflected;
                values[d] = fr;
            } else {
                double[] contracted =
                        fr < values[d] ? toward(centroid, simplex[d], -0.5) : toward(centroid, simplex[d], 0.5);
                double fc = value(f, contracted);
                evals++;
                if (fc < Math.min(fr, values[d])) {
                    simplex[d] = contracted;
                    values[d] = fc;
                } else {
                    for (int i = 1; i <= d; i++) {
                        simplex[i] = toward(simplex[0], simplex[i], 0.5);
                        values[i] = value(f, simplex[i]);
                        evals++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= d; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        double[] out = Arrays.copyOf(simplex[best], d + 1);
        out[d] = values[best];
        return out;
    }

    /** {@code from + t (to - from)}. */
    private static double[] toward(double[] from, double[] to, double t) {
        double[] out = new double[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = from[i] + t * (to[i] - from[i]);
        }
        return out;
    }

    private static double value(ToDoubleFunction<double[]> f, double[] x) {
        double v = f.applyAsDouble(x);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
