package dev.sibyl.tuner.builtin.smac;

/**
 * Expected improvement of a loss below the incumbent {@code eta} under a normal predictive distribution (Jones,
 * Schonlau, Welch 1998; SMAC's acquisition function, Hutter 2011 section 4.3): {@code (eta - mu) Phi(z) + sigma
 * phi(z)} with {@code z = (eta - mu) / sigma}, and {@code max(eta - mu, 0)} when the model is certain.
 */
final class ExpectedImprovement {
    private ExpectedImprovement() {}

    static double of(double mean, double variance, double eta) {
        double sigma = Math.sqrt(variance);
        double gain = eta - mean;
        if (!(sigma > 1e-12 * Math.max(1, Math.abs(mean)))) {
            return Math.max(gain, 0);
        }
        double z = gain / sigma;
        return gain * normalCdf(z) + sigma * normalPdf(z);
    }

    static double normalPdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** Standard normal CDF via the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static final double[] ERFC = {
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277
    };

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = 0;
        for (int i = ERFC.length - 1; i >= 0; i--) {
            poly = ERFC[i] + t * poly;
        }
        double r = t * Math.exp(-z * z + poly);
        return x >= 0 ? r : 2 - r;
    }
}
