package dev.sibyl.tuner.builtin.smac;

import dev.sibyl.tuner.builtin.stats.StandardNormal;

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
        return gain * StandardNormal.cdf(z) + sigma * StandardNormal.pdf(z);
    }
}
