package dev.sibyl.tuner.builtin.cmaes;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The state of CMA-ES in the unit cube {@code [0,1]^n} after some generations, with the default strategy
 * parameters and update equations of Hansen, "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772,
 * 2016), Table 1 and Algorithm 1 with the negative (active CMA) weights. Immutable: {@link #next} returns the following state.
 */
final class CmaState {
    private static final int MAX_RESAMPLES = 100;

    private final Strategy strategy;
    private final double[] mean;
    private final double sigma;
    private final double[][] c;
    private final double[] pc;
    private final double[] ps;
    private final int generation;
    private final double[][] b;
    private final double[] d;

    /** The constants that depend only on the dimension and the population size. */
    record Strategy(
            int n,
            int lambda,
            int mu,
            double[] weights,
            double mueff,
            double cs,
            double ds,
            double cc,
            double c1,
            double cmu,
            double chiN) {

        static Strategy of(int n, int lambda) {
            int mu = lambda / 2;
            double[] raw = new double[lambda];
            double positive = 0;
            double negative = 0;
            double positiveSq = 0;
            double negativeSq = 0;
            for (int i = 0; i < lambda; i++) {
                raw[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
                if (raw[i] >= 0) {
                    positive += raw[i];
                    positiveSq += raw[i] * raw[i];
                } else {
                    negative -= raw[i];
                    negativeSq += raw[i] * raw[i];
                }
            }
            double mueff = positive * positive / positiveSq;
            double mueffMinus = negativeSq == 0 ? 0 : negative * negative / negativeSq;
            double cs = (mueff + 2) / (n + mueff + 5);
            double ds = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
            double cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
            double c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
            double cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
            // Negative weights of active CMA (tutorial eq. 49-53), scaled so that C stays positive definite.
            double alphaMu = 1 + c1 / cmu;
            double alphaMueff = 1 + 2 * mueffMinus / (mueff + 2);
            double alphaPosdef = (1 - c1 - cmu) / (n * cmu);
            double negativeScale = Math.min(alphaMu, Math.min(alphaMueff, alphaPosdef)) / negative;
            double[] w = new double[lambda];
            for (int i = 0; i < lambda; i++) {
                w[i] = raw[i] >= 0 ? raw[i] / positive : raw[i] * negativeScale;
            }
            double chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
            return new Strategy(n, lambda, mu, w, mueff, cs, ds, cc, c1, cmu, chiN);
        }
    }

    private CmaState(
            Strategy strategy, double[] mean, double sigma, double[][] c, double[] pc, double[] ps, int generation) {
        this.strategy = strategy;
        this.mean = mean;
        this.sigma = sigma;
        this.c = c;
        this.pc = pc;
        this.ps = ps;
        this.generation = generation;
        SymmetricEigen eigen = SymmetricEigen.of(c);
        this.b = eigen.vectors;
        this.d = new double[strategy.n()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sqrt(Math.max(eigen.values[i], 1e-30));
        }
    }

    /** The start: mean at the centre of the cube, step size {@code sigma0}, identity covariance. */
    static CmaState initial(Strategy strategy, double sigma0) {
        int n = strategy.n();
        double[] mean = new double[n];
        Arrays.fill(mean, 0.5);
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
        }
        return new CmaState(strategy, mean, sigma0, c, new double[n], new double[n], 0);
    }

    Strategy strategy() {
        return strategy;
    }

    double[] mean() {
        return mean.clone();
    }

    double sigma() {
        return sigma;
    }

    int generation() {
        return generation;
    }

    /**
     * One draw of {@code m + sigma * B D z}, z standard normal, redrawn while it falls outside the cube (as
     * the {@code cmaes} library Optuna uses), finally clipped into it.
     */
    double[] sample(RandomGenerator rng) {
        int n = strategy.n();
        double[] x = new double[n];
        for (int attempt = 0; attempt < MAX_RESAMPLES; attempt++) {
            double[] dz = new double[n];
            for (int i = 0; i < n; i++) {
                dz[i] = d[i] * rng.nextGaussian();
            }
            boolean inside = true;
            for (int i = 0; i < n; i++) {
                double y = 0;
                for (int k = 0; k < n; k++) {
                    y += b[i][k] * dz[k];
                }
                x[i] = mean[i] + sigma * y;
                inside &= x[i] >= 0 && x[i] <= 1;
            }
            if (inside) {
                return x;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(1, Math.max(0, x[i]));
        }
        return x;
    }

    /** The state after a generation whose points are {@code ranked}, best first ({@code lambda} of them). */
    CmaState next(List<double[]> ranked) {
        Strategy s = strategy;
        int n = s.n();
        double[] newMean = new double[n];
        for (int i = 0; i < s.mu(); i++) {
            double[] x = ranked.get(i);
            for (int k = 0; k < n; k++) {
                newMean[k] += s.weights()[i] * x[k];
            }
        }
        double[] step = new double[n];
        for (int k = 0; k < n; k++) {
            step[k] = (newMean[k] - mean[k]) / sigma;
        }
        // C^{-1/2} step = B D^{-1} B^T step
        double[] bt = new double[n];
        for (int k = 0; k < n; k++) {
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += b[i][k] * step[i];
            }
            bt[k] = v / d[k];
        }
        double[] whitened = new double[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int k = 0; k < n; k++) {
                v += b[i][k] * bt[k];
            }
            whitened[i] = v;
        }
        double[] newPs = new double[n];
        double psScale = Math.sqrt(s.cs() * (2 - s.cs()) * s.mueff());
        double psNorm = 0;
        for (int i = 0; i < n; i++) {
            newPs[i] = (1 - s.cs()) * ps[i] + psScale * whitened[i];
            psNorm += newPs[i] * newPs[i];
        }
        psNorm = Math.sqrt(psNorm);
        int g = generation + 1;
        double hsigThreshold = (1.4 + 2.0 / (n + 1)) * s.chiN();
        boolean hsig = psNorm / Math.sqrt(1 - Math.pow(1 - s.cs(), 2.0 * g)) < hsigThreshold;
        double[] newPc = new double[n];
        double pcScale = Math.sqrt(s.cc() * (2 - s.cc()) * s.mueff());
        for (int i = 0; i < n; i++) {
            newPc[i] = (1 - s.cc()) * pc[i] + (hsig ? pcScale * step[i] : 0);
        }
        // Rank-mu terms over all lambda points; the negative weights are rescaled by n / |C^{-1/2} y|^2.
        int lambda = s.lambda();
        double[][] ys = new double[lambda][n];
        double[] wo = new double[lambda];
        double weightSum = 0;
        for (int m = 0; m < lambda; m++) {
            double[] x = ranked.get(m);
            for (int i = 0; i < n; i++) {
                ys[m][i] = (x[i] - mean[i]) / sigma;
            }
            double w = s.weights()[m];
            weightSum += w;
            if (w >= 0) {
                wo[m] = w;
            } else {
                double norm = squaredWhitenedNorm(ys[m]);
                wo[m] = norm > 0 ? w * n / norm : 0;
            }
        }
        double decay = 1 - s.c1() - s.cmu() * weightSum + (hsig ? 0 : s.c1() * s.cc() * (2 - s.cc()));
        double[][] newC = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                double rankMu = 0;
                for (int m = 0; m < lambda; m++) {
                    rankMu += wo[m] * ys[m][i] * ys[m][k];
                }
                double v = decay * c[i][k] + s.c1() * newPc[i] * newPc[k] + s.cmu() * rankMu;
                newC[i][k] = v;
                newC[k][i] = v;
            }
        }
        double newSigma = sigma * Math.exp((s.cs() / s.ds()) * (psNorm / s.chiN() - 1));
        // Keep the step size meaningful in the unit cube.
        newSigma = Math.min(Math.max(newSigma, 1e-12), 1.0);
        return new CmaState(s, newMean, newSigma, newC, newPc, newPs, g);
    }

    /** {@code |C^{-1/2} y|^2 = |D^{-1} B^T y|^2}. */
    private double squaredWhitenedNorm(double[] y) {
        int n = y.length;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += b[i][k] * y[i];
            }
            v /= d[k];
            sum += v * v;
        }
        return sum;
    }
}
