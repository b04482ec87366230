package dev.sibyl.tuner.builtin.gridsearch;

/**
 * The standard normal quantile function (inverse CDF), accurate to a few ulps: a coarse rational start
 * (Abramowitz and Stegun 26.2.23) refined with Halley steps against an accurate CDF.
 */
final class NormalQuantile {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private NormalQuantile() {}

    /** x with Φ(x) = p; ±infinity at 0 and 1, exactly 0 at 1/2, and symmetric: q(1 - p) = -q(p). */
    static double of(double p) {
        if (!(p > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!(p < 1)) {
            return Double.POSITIVE_INFINITY;
        }
        if (p == 0.5) {
            return 0.0;
        }
        return p < 0.5 ? lowerHalf(p) : -lowerHalf(1 - p);
    }

    private static double lowerHalf(double p) {
        double t = Math.sqrt(-2 * Math.log(p));
        double x = -(t
                - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
        for (int i = 0; i < 6; i++) {
            double e = cdf(x) - p;
            double u = e * SQRT_2PI * Math.exp(x * x / 2);
            double next = x - u / (1 + x * u / 2);
            if (next == x) {
                break;
            }
            x = next;
        }
        return x;
    }

    /** Φ(x), with full relative precision in the lower tail. */
    static double cdf(double x) {
        return 0.5 * erfc(-x / SQRT2);
    }

    static double erfc(double z) {
        if (z < 0) {
            return 2 - erfc(-z);
        }
        if (z < 1) {
            return 1 - erfSeries(z);
        }
        return erfcContinuedFraction(z);
    }

    /** erf(z) = 2/√π · e^(-z²) · Σ z·(2z²)^n / (1·3·…·(2n+1)); every term positive, no cancellation. */
    private static double erfSeries(double z) {
        double term = z;
        double sum = z;
        double z2 = 2 * z * z;
        for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
            term *= z2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
    }

    /**
     * erfc(z) = e^(-z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated with the modified Lentz
     * method.
     */
    private static double erfcContinuedFraction(double z) {
        double tiny = 1e-300;
        double f = z;
        double c = z;
        double d = 0;
        for (int k = 1; k < 5000; k++) {
            double a = k / 2.0;
            d = z + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = z + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
    }
}
