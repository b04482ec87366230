package dev.sibyl.tuner.builtin.bohb;

import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import java.util.List;

/**
 * A product-kernel density over a {@link FlatSpace}, as BOHB fits with statsmodels' {@code KDEMultivariate}
 * (Falkner et al. 2018, "BOHB: Robust and Efficient Hyperparameter Optimization at Scale", ICML, §3.1):
 *
 * <ul>
 *   <li>numeric parameters and {@code randint} (ordinal, as ConfigSpace's integer parameters) live in {@code [0,
 *       1]} ({@link #toUnit}) with a Gaussian kernel;
 *   <li>{@code choice} gets the Aitchison–Aitken kernel: {@code 1 - λ} on the same option, {@code λ / (c - 1)} on
 *       any other;
 *   <li>bandwidths follow the normal reference rule {@code 1.06 · σ · n^(-1/(4 + d))}, at least {@code
 *       min_bandwidth} ({@code λ} at most {@code (c - 1) / c});
 *   <li>a parameter inactive (inside an unchosen nested option) in either point contributes a factor 1.
 * </ul>
 *
 * Immutable once built.
 */
final class KernelDensity {
    private final FlatSpace space;
    private final List<double[]> points;
    private final double[] bandwidth;

    /** @param points vectors in unit coordinates ({@link #toUnit}), at least one */
    KernelDensity(FlatSpace space, List<double[]> points, double minBandwidth) {
        this.space = space;
        this.points = List.copyOf(points);
        int d = space.size();
        this.bandwidth = new double[d];
        double shrink = Math.pow(points.size(), -1.0 / (4 + d));
        for (int m = 0; m < d; m++) {
            double sum = 0;
            double sumSq = 0;
            int n = 0;
            for (double[] p : points) {
                if (!Double.isNaN(p[m])) {
                    sum += p[m];
                    sumSq += p[m] * p[m];
                    n++;
                }
            }
            double std = n == 0 ? 0 : Math.sqrt(Math.max(0, sumSq / n - (sum / n) * (sum / n)));
            double bw = Math.max(minBandwidth, 1.06 * std * shrink);
            if (space.param(m).dimension() instanceof Choice c) {
                bw = c.size() < 2 ? 0 : Math.min(bw, (c.size() - 1) / (double) c.size());
            }
            bandwidth[m] = bw;
        }
    }

    List<double[]> points() {
        return points;
    }

    double bandwidth(int m) {
        return bandwidth[m];
    }

    /** The density at {@code x} (unit coordinates). */
    double pdf(double[] x) {
        double total = 0;
        for (double[] p : points) {
            double product = 1;
            for (int m = 0; m < x.length && product > 0; m++) {
                if (Double.isNaN(x[m]) || Double.isNaN(p[m])) {
                    continue;
                }
                product *= kernel(m, x[m], p[m]);
            }
            total += product;
        }
        return total / points.size();
    }

    private double kernel(int m, double x, double center) {
        double bw = bandwidth[m];
        if (space.param(m).dimension() instanceof Choice c) {
            if (c.size() < 2) {
                return 1;
            }
            return Math.rint(x) == Math.rint(center) ? 1 - bw : bw / (c.size() - 1);
        }
        double z = (x - center) / bw;
        return Math.exp(-0.5 * z * z) / (bw * Math.sqrt(2 * Math.PI));
    }

    /** Coordinate {@code m} of an internal vector ({@link FlatSpace}) in unit coordinates; NaN stays NaN. */
    static double toUnit(FlatSpace space, int m, double internal) {
        if (Double.isNaN(internal)) {
            return Double.NaN;
        }
        var d = space.param(m).dimension();
        if (d instanceof Choice) {
            return internal;
        }
        if (d instanceof RandInt r) {
            return (internal + 0.5) / r.size();
        }
        Numeric n = (Numeric) d;
        double lo = low(n);
        double hi = high(n);
        return Math.min(1, Math.max(0, (internal - lo) / (hi - lo)));
    }

    /** The inverse of {@link #toUnit}: an internal coordinate for a unit one. */
    static double fromUnit(FlatSpace space, int m, double unit) {
        var d = space.param(m).dimension();
        if (d instanceof Choice) {
            return unit;
        }
        double u = Math.min(1, Math.max(0, unit));
        if (d instanceof RandInt r) {
            return Math.min(r.size() - 1, (long) Math.floor(u * r.size()));
        }
        Numeric n = (Numeric) d;
        return low(n) + u * (high(n) - low(n));
    }

    // Normal types have no bounds: their unit interval covers mu ± 4 sigma of the internal coordinate.
    private static double low(Numeric n) {
        return n.bounded() ? n.internalLow() : n.mu() - 4 * n.sigma();
    }

    private static double high(Numeric n) {
        return n.bounded() ? n.internalHigh() : n.mu() + 4 * n.sigma();
    }
}
