package dev.sibyl.tuner.builtin.gp;

import java.util.Arrays;

/**
 * A stationary covariance function with one length scale per coordinate (automatic relevance determination):
 * with {@code r = sqrt(Σ ((a_i - b_i) / l_i)²)}, Matérn {@code ν = 0.5}: {@code s² exp(-r)}, {@code ν = 1.5}: {@code
 * s² (1 + √3 r) exp(-√3 r)}, {@code ν = 2.5}: {@code s² (1 + √5 r + 5r²/3) exp(-√5 r)}, and the squared
 * exponential (RBF, {@code ν = ∞}): {@code s² exp(-r²/2)}. Rasmussen &amp; Williams, "Gaussian Processes for
 * Machine Learning", MIT Press 2006, §4.2.
 *
 * @param nu 0.5, 1.5, 2.5 or {@link Double#POSITIVE_INFINITY}
 * @param lengthScales one positive length scale per coordinate
 * @param variance the signal variance {@code s²}
 */
public record Kernel(double nu, double[] lengthScales, double variance) {
    private static final double SQRT3 = Math.sqrt(3);
    private static final double SQRT5 = Math.sqrt(5);

    public Kernel {
        if (!(nu == 0.5 || nu == 1.5 || nu == 2.5 || nu == Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("nu must be 0.5, 1.5, 2.5 or infinity, got " + nu);
        }
        lengthScales = lengthScales.clone();
        for (double l : lengthScales) {
            if (!(l > 0) || !Double.isFinite(l)) {
                throw new IllegalArgumentException(
                        "length scales must be positive, got " + Arrays.toString(lengthScales));
            }
        }
        if (!(variance > 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("variance must be positive, got " + variance);
        }
    }

    /** {@code k(a, b)}. */
    public double value(double[] a, double[] b) {
        double r2 = 0;
        for (int i = 0; i < a.length; i++) {
            double t = (a[i] - b[i]) / lengthScales[i];
            r2 += t * t;
        }
        return ofSquaredDistance(r2);
    }

    /** The covariance at scaled squared distance {@code r²}. */
    public double ofSquaredDistance(double r2) {
        if (nu == Double.POSITIVE_INFINITY) {
            return variance * Math.exp(-0.5 * r2);
        }
        double r = Math.sqrt(r2);
        if (nu == 0.5) {
            return variance * Math.exp(-r);
        }
        if (nu == 1.5) {
            double t = SQRT3 * r;
            return variance * (1 + t) * Math.exp(-t);
        }
        double t = SQRT5 * r;
        return variance * (1 + t + t * t / 3) * Math.exp(-t);
    }

    @Override
    public double[] lengthScales() {
        return lengthScales.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kernel k
                && k.nu == nu
                && k.variance == variance
                && Arrays.equals(k.lengthScales, lengthScales);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(nu) + Arrays.hashCode(lengthScales)) + Double.hashCode(variance);
    }

    @Override
    public String toString() {
        return "Kernel[nu=" + nu + ", lengthScales=" + Arrays.toString(lengthScales) + ", variance=" + variance + "]";
    }
}
