package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.builtin.stats.StandardNormal;
import java.util.random.RandomGenerator;

/**
 * A Parzen estimator over several parameters at once (multivariate TPE): one kernel per observation, plus one
 * for the prior, each kernel a product over the parameters. A numeric parameter contributes a normal
 * centred on the observed value, truncated to its bounds and renormalized per kernel; a categorical one
 * keeps the observed option with probability {@code 1 / (1 + s)} and spreads the rest evenly over all options,
 * {@code s = 3 prior_weight / (n + 1)} for n observations (so smoothing fades as observations accumulate).
 * The prior kernel is the parameters' priors: a normal {@code N((low + high) / 2, high - low)} truncated to
 * the bounds for the uniform family, the parameter's own normal otherwise, uniform over the options for a
 * categorical parameter.
 *
 * <p>Numeric bandwidths follow the adaptive Parzen estimator of Bergstra et al. 2011 per parameter: a kernel's
 * bandwidth is the larger gap to its neighbouring centres (one-sided at the ends), the prior kernel keeps
 * sigma0 (the prior's sigma, {@code high - low} for the uniform family), and all are clipped to {@code
 * [sigma0 / min(100, k + 1), sigma0]} for k kernels (the "magic clip").
 *
 * <p>Sampling a kernel and then every coordinate from it draws jointly from the estimator, so candidates keep
 * the correlations of good observations; with one parameter this is the classic adaptive Parzen estimator.
 */
final class JointParzen {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    /** A parameter's shape: categorical with {@code size} options, or numeric with bounds and prior. */
    record Dim(boolean categorical, long size, double low, double high, double priorMu, double priorSigma) {
        static Dim categorical(long size) {
            return new Dim(true, size, 0, 0, 0, 0);
        }

        static Dim numeric(double low, double high, double priorMu, double priorSigma) {
            return new Dim(false, 0, low, high, priorMu, priorSigma);
        }

        boolean bounded() {
            return Double.isFinite(low) && Double.isFinite(high);
        }
    }

    /** Probability that a coordinate of a candidate comes from another kernel than the candidate's. */
    private static final double CROSSOVER = 0.5;

    private final Dim[] dims;
    private final int kernels;
    private final int priorKernel;
    private final double[] logWeights;
    private final double[] cumulativeWeights;
    // Numeric parameters, [dim][kernel].
    private final double[][] mus;
    private final double[][] sigmas;
    private final double[][] inverseSigmas;
    private final double[][] logNorms;
    // Categorical parameters, [dim][kernel]; the prior kernel holds -1.
    private final long[][] options;
    private final double[] logHit;
    private final double[] logMiss;
    private final double[] logUniform;
    private final double keepObserved;
    private final double[] scratch;

    /**
     * @param columns observations by parameter, {@code columns[d][i]} the internal coordinate of parameter d in
     *     observation i (the option index for a categorical one); numeric values must lie within their bounds
     * @param weights one per observation
     * @param priorWeight weight of the prior kernel (0 leaves it out unless there are no observations)
     */
    JointParzen(Dim[] dims, double[][] columns, double[] weights, double priorWeight) {
        this.dims = dims;
        int n = weights.length;
        int nd = dims.length;
        boolean withPrior = priorWeight > 0 || n == 0;
        this.kernels = n + (withPrior ? 1 : 0);
        this.priorKernel = withPrior ? n : -1;
        double[] w = new double[kernels];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = weights[i];
            total += w[i];
        }
        if (withPrior) {
            w[n] = n == 0 ? 1 : priorWeight;
            total += w[n];
        }
        boolean equal = !(total > 0);
        this.logWeights = new double[kernels];
        this.cumulativeWeights = new double[kernels];
        double acc = 0;
        for (int k = 0; k < kernels; k++) {
            double p = equal ? 1.0 / kernels : w[k] / total;
            acc += p;
            cumulativeWeights[k] = acc;
            logWeights[k] = Math.log(p);
        }
        this.mus = new double[nd][];
        this.sigmas = new double[nd][];
        this.inverseSigmas = new double[nd][];
        this.logNorms = new double[nd][];
        this.options = new long[nd][];
        this.logHit = new double[nd];
        this.logMiss = new double[nd];
        this.logUniform = new double[nd];
        // Categorical smoothing shrinks as observations accumulate.
        double smoothing = 3 * Math.max(priorWeight, 1e-3) / (n + 1);
        this.keepObserved = 1 / (1 + smoothing);
        for (int d = 0; d < nd; d++) {
            Dim dim = dims[d];
            if (dim.categorical()) {
                long[] o = new long[kernels];
                for (int i = 0; i < n; i++) {
                    o[i] = (long) columns[d][i];
                }
                if (withPrior) {
                    o[n] = -1;
                }
                options[d] = o;
                double size = dim.size();
                logUniform[d] = -Math.log(size);
                logHit[d] = Math.log((1 + smoothing / size) / (1 + smoothing));
                logMiss[d] = Math.log((smoothing / size) / (1 + smoothing));
                continue;
            }
            double[] mu = new double[kernels];
            for (int i = 0; i < n; i++) {
                mu[i] = columns[d][i];
            }
            if (withPrior) {
                mu[n] = dim.priorMu();
            }
            double[] sigma = neighbours(mu, priorKernel, dim.priorSigma());
            double[] inv = new double[kernels];
            double[] norm = new double[kernels];
            for (int k = 0; k < kernels; k++) {
                inv[k] = 1 / sigma[k];
                double mass = 1;
                if (dim.bounded()) {
                    double upper = (dim.high() - mu[k]) * inv[k];
                    double lower = (dim.low() - mu[k]) * inv[k];
                    // Beyond 9 sigmas on both sides less than 1e-18 of the mass is cut off: nothing to correct.
                    if (upper < 9 || lower > -9) {
                        mass = normalCdf(upper) - normalCdf(lower);
                    }
                }
                norm[k] = -Math.log(sigma[k]) - LOG_SQRT_2PI - (mass == 1 ? 0 : Math.log(Math.max(mass, 1e-12)));
            }
            mus[d] = mu;
            sigmas[d] = sigma;
            inverseSigmas[d] = inv;
            logNorms[d] = norm;
        }
        this.scratch = new double[kernels];
    }

    private static double[] neighbours(double[] mu, int priorKernel, double sigma0) {
        int k = mu.length;
        double[] sigma = new double[k];
        if (k == 1) {
            sigma[0] = sigma0;
            return sigma;
        }
        int[] order = IndexSort.byKey(mu);
        for (int r = 0; r < k; r++) {
            double left = r > 0 ? mu[order[r]] - mu[order[r - 1]] : Double.NaN;
            double right = r < k - 1 ? mu[order[r + 1]] - mu[order[r]] : Double.NaN;
            double s = Double.isNaN(left) ? right : Double.isNaN(right) ? left : Math.max(left, right);
            sigma[order[r]] = k == 2 ? sigma0 * 0.5 : s;
        }
        if (priorKernel >= 0) {
            sigma[priorKernel] = sigma0;
        }
        double min = sigma0 / Math.min(100, k + 1);
        for (int t = 0; t < k; t++) {
            sigma[t] = Math.min(Math.max(sigma[t], min), sigma0);
        }
        return sigma;
    }

    /**
     * {@code count} candidates; every numeric coordinate within its bounds. Each candidate picks a kernel by
     * weight, and each of its coordinates comes from that kernel or, with probability {@link #CROSSOVER}, from
     * another kernel picked by weight: a blend of joint draws (which keep the correlations of good records)
     * and draws from the product of the marginals (which recombine good coordinates, as univariate TPE does).
     * The joint l(x) / g(x) then judges all candidates alike.
     */
    double[][] sample(RandomGenerator rng, int count) {
        double[][] out = new double[count][dims.length];
        for (int c = 0; c < count; c++) {
            int k = kernel(rng.nextDouble() * cumulativeWeights[kernels - 1]);
            int k0 = k;
            for (int d = 0; d < dims.length; d++) {
                Dim dim = dims[d];
                k = rng.nextDouble() < CROSSOVER ? kernel(rng.nextDouble() * cumulativeWeights[kernels - 1]) : k0;
                if (dim.categorical()) {
                    long o = options[d][k];
                    boolean keep = o >= 0 && rng.nextDouble() < keepObserved;
                    out[c][d] = keep ? o : rng.nextLong(dim.size());
                } else {
                    out[c][d] = truncatedNormal(rng, mus[d][k], sigmas[d][k], dim.low(), dim.high());
                }
            }
        }
        return out;
    }

    private static double truncatedNormal(RandomGenerator rng, double mu, double sigma, double low, double high) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            double v = mu + sigma * rng.nextGaussian();
            if (v >= low && v <= high) {
                return v;
            }
        }
        // Only reachable when nearly all mass lies outside the bounds; the nearest bound stands in.
        return Math.min(Math.max(mu, low), high);
    }

    /** Log density at {@code x}. Not thread-safe: uses a scratch buffer. */
    double logDensity(double[] x) {
        double[] acc = scratch;
        System.arraycopy(logWeights, 0, acc, 0, kernels);
        for (int d = 0; d < dims.length; d++) {
            double v = x[d];
            if (dims[d].categorical()) {
                long[] o = options[d];
                long c = (long) v;
                double hit = logHit[d];
                double miss = logMiss[d];
                for (int k = 0; k < kernels; k++) {
                    acc[k] += o[k] < 0 ? logUniform[d] : o[k] == c ? hit : miss;
                }
            } else {
                double[] mu = mus[d];
                double[] inv = inverseSigmas[d];
                double[] norm = logNorms[d];
                for (int k = 0; k < kernels; k++) {
                    double z = (v - mu[k]) * inv[k];
                    acc[k] += norm[k] - 0.5 * z * z;
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < kernels; k++) {
            max = Math.max(max, acc[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int k = 0; k < kernels; k++) {
            double t = acc[k] - max;
            if (t > -50) {
                sum += Math.exp(t);
            }
        }
        return max + Math.log(sum);
    }

    private int kernel(double u) {
        int lo = 0;
        int hi = kernels - 1;
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

    /** The standard normal distribution function. */
    static double normalCdf(double z) {
        return StandardNormal.cdf(z);
    }
}
