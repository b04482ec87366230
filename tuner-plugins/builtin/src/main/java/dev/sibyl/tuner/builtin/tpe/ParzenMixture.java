package dev.sibyl.tuner.builtin.tpe;

import java.util.random.RandomGenerator;

/**
 * A one-dimensional Gaussian mixture built by the adaptive Parzen estimator of Bergstra et al. 2011 (section
 * 4.2), with NNI's bandwidth rule: one component per observation plus one for the prior, each centred on its
 * point; an observation's bandwidth is the larger distance to its neighbours, the prior keeps the prior sigma,
 * and all bandwidths are clipped to {@code [sigmaPrior / min(100, k + 1), sigmaPrior]} (k components).
 *
 * <p>Densities are left unnormalized for truncation to {@code [low, high]}: the missing factor is the same
 * for every candidate, so it cannot change which candidate maximizes {@code log l(x) - log g(x)}.
 */
final class ParzenMixture {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Terms this far below the largest add less than e^-50 relative to it; skipping them is exact in doubles. */
    private static final double NEGLIGIBLE = -50;

    private final double[] mus;
    private final double[] inverseSigmas;
    private final double[] logCoefficients;
    private final double[] cumulativeWeights;
    private final double[] sigmas;
    private final double[] scratch;

    private ParzenMixture(double[] mus, double[] sigmas, double[] weights) {
        int k = mus.length;
        this.mus = mus;
        this.sigmas = sigmas;
        this.inverseSigmas = new double[k];
        this.logCoefficients = new double[k];
        this.cumulativeWeights = new double[k];
        this.scratch = new double[k];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        boolean equal = !(total > 0);
        double acc = 0;
        for (int t = 0; t < k; t++) {
            double w = equal ? 1.0 / k : weights[t] / total;
            acc += w;
            cumulativeWeights[t] = acc;
            inverseSigmas[t] = 1 / sigmas[t];
            logCoefficients[t] = Math.log(w) - Math.log(sigmas[t]) - LOG_SQRT_2PI;
        }
    }

    /**
     * The estimator over {@code values} (any order) with their {@code weights}, plus the prior component.
     */
    static ParzenMixture fit(double[] values, double[] weights, double priorMu, double priorSigma, double priorWeight) {
        int k = values.length + 1;
        double[] rawMus = new double[k];
        double[] rawWeights = new double[k];
        System.arraycopy(values, 0, rawMus, 0, values.length);
        System.arraycopy(weights, 0, rawWeights, 0, values.length);
        rawMus[k - 1] = priorMu;
        rawWeights[k - 1] = priorWeight;
        int[] order = IndexSort.byKey(rawMus);
        double[] mus = new double[k];
        double[] w = new double[k];
        for (int t = 0; t < k; t++) {
            mus[t] = rawMus[order[t]];
            w[t] = rawWeights[order[t]];
        }
        int priorIndex = lowerBound(mus, priorMu);
        double[] sigmas = new double[k];
        if (k == 1) {
            sigmas[0] = priorSigma;
        } else if (k == 2) {
            sigmas[0] = priorSigma * 0.5;
            sigmas[1] = priorSigma * 0.5;
            sigmas[priorIndex] = priorSigma;
        } else {
            sigmas[0] = mus[1] - mus[0];
            sigmas[k - 1] = mus[k - 1] - mus[k - 2];
            for (int t = 1; t < k - 1; t++) {
                sigmas[t] = Math.max(mus[t] - mus[t - 1], mus[t + 1] - mus[t]);
            }
            sigmas[priorIndex] = priorSigma;
        }
        double minSigma = priorSigma / Math.min(100, k + 1);
        for (int t = 0; t < k; t++) {
            sigmas[t] = Math.min(Math.max(sigmas[t], minSigma), priorSigma);
        }
        return new ParzenMixture(mus, sigmas, w);
    }

    /** {@code count} draws from the mixture restricted to {@code [low, high]} (rejection sampling). */
    double[] sample(RandomGenerator rng, int count, double low, double high) {
        double[] out = new double[count];
        int filled = 0;
        int rejected = 0;
        while (filled < count) {
            int t = component(rng.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1]);
            double v = mus[t] + sigmas[t] * rng.nextGaussian();
            if (v >= low && v <= high) {
                out[filled++] = v;
            } else if (++rejected > 1000 * count) {
                // Only reachable when all mass lies outside the bounds; the bound itself is the nearest point.
                out[filled++] = Math.min(Math.max(v, low), high);
            }
        }
        return out;
    }

    /** Log density (up to the truncation constant) at {@code x}. Not thread-safe: uses a scratch buffer. */
    double logDensity(double x) {
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < mus.length; t++) {
            double z = (x - mus[t]) * inverseSigmas[t];
            double term = logCoefficients[t] - 0.5 * z * z;
            scratch[t] = term;
            max = Math.max(max, term);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int t = 0; t < mus.length; t++) {
            double d = scratch[t] - max;
            if (d > NEGLIGIBLE) {
                sum += Math.exp(d);
            }
        }
        return max + Math.log(sum);
    }

    private int component(double u) {
        int lo = 0;
        int hi = cumulativeWeights.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeWeights[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** First index whose value is {@code >= key} in an ascending array. */
    private static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
