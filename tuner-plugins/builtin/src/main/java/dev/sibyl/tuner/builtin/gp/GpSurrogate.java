package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The GP model of a history, shared by the GP and Metis tuners, rebuilt on every ask as a function of the
 * history only, with two caches that never change an answer:
 *
 * <ol>
 *   <li><b>Data.</b> Every observation with a finite final value whose parameters belong to the space, in
 *       history order, scored so that larger is better ({@code -value} when minimizing). Pending observations
 *       in the space are returned apart, for a constant liar.
 *   <li><b>Hyper-parameters</b> ({@link HyperparameterFit}) are fitted on the first {@code m(n)} data points
 *       only, where {@code m(n) = n} up to 20 and then steps by about 15% ({@code 20, 23, 26, 29, 33, ...}), so
 *       with 500 observations a refit happens once every ~65 results; the fit is cached by the identity and
 *       scores of those points.
 *   <li><b>Factor.</b> With unchanged hyper-parameters, when the data extends the data of the previous ask
 *       (same observations first, in the same order), only the new rows are appended to the Cholesky factor
 *       ({@link GaussianProcess#plus}, O(n²) each, bit for bit what a fresh factorization gives).
 * </ol>
 *
 * Targets are standardized over all data points (mean 0, variance 1) before fitting and predicting.
 */
public final class GpSurrogate {
    private final UnitCube cube;
    private final OptimizeMode mode;
    private final double nu;
    private final double alpha;
    private final long seed;

    private long[] fitIds = new long[0];
    private double[] fitScores = new double[0];
    private HyperparameterFit.Fitted fitted;
    private long[] factorIds = new long[0];
    private GaussianProcess factorModel;

    public GpSurrogate(UnitCube cube, OptimizeMode mode, double nu, double alpha, long seed) {
        this.cube = cube;
        this.mode = mode;
        this.nu = nu;
        this.alpha = alpha;
        this.seed = seed;
    }

    /**
     * A fitted model: {@code gp} predicts standardized scores; {@code score = mean + scale * standardized}.
     *
     * @param points the data points, in history order
     * @param scores their scores (larger is better)
     * @param pending points of pending observations, in history order
     */
    public record Model(
            GaussianProcess gp,
            double mean,
            double scale,
            double bestScore,
            double[][] points,
            double[] scores,
            List<double[]> pending) {

        /** Posterior mean and standard deviation of the score at {@code u}, in score units. */
        public double[] predict(GaussianProcess model, double[] u) {
            double[] p = model.predict(u);
            return new double[] {mean + scale * p[0], scale * Math.sqrt(p[1])};
        }

        /** The points of the k best scores (earlier first among ties), as seeds for a search. */
        public List<double[]> bestPoints(int k) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(scores[b], scores[a]));
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < Math.min(k, order.size()); i++) {
                out.add(points[order.get(i)]);
            }
            return out;
        }

        /**
         * {@code gp} with each of {@code lies} added at the best score seen (a constant liar: Ginsbourger, Le Riche
         * &amp; Carraro, "Kriging is well-suited to parallelize optimization", 2010). A lie on a point the model
         * cannot tell from an existing one (a failed pivot) is left out: it adds nothing the model does not know.
         */
        public GaussianProcess withLies(GaussianProcess gp, List<double[]> lies) {
            double lie = standardize(bestScore);
            GaussianProcess out = gp;
            for (double[] p : lies) {
                try {
                    out = out.plus(p, lie);
                } catch (ArithmeticException e) {
                    // see above
                }
            }
            return out;
        }

        /** The standardized value of a score. */
        public double standardize(double score) {
            return (score - mean) / scale;
        }
    }

    /** The points of the data and of pending observations, without fitting anything. */
    public Data data(History history) {
        List<Observation> observations = history.observations();
        List<double[]> points = new ArrayList<>();
        List<double[]> pending = new ArrayList<>();
        long[] ids = new long[observations.size()];
        double[] scores = new double[observations.size()];
        for (Observation o : observations) {
            if (o.hasValue() && Double.isFinite(o.value())) {
                double[] u = cube.encode(o.parameters());
                if (u != null) {
                    ids[points.size()] = o.parameterId();
                    scores[points.size()] = mode == OptimizeMode.MAXIMIZE ? o.value() : -o.value();
                    points.add(u);
                }
            } else if (o.outcome() == Observation.Outcome.PENDING) {
                double[] u = cube.encode(o.parameters());
                if (u != null) {
                    pending.add(u);
                }
            }
        }
        int n = points.size();
        return new Data(points.toArray(new double[0][]), Arrays.copyOf(ids, n), Arrays.copyOf(scores, n), pending);
    }

    /** What {@link #data} found. */
    public record Data(double[][] points, long[] ids, double[] scores, List<double[]> pending) {
        public int size() {
            return points.length;
        }
    }

    /** The model of {@code history}; needs at least two data points. */
    public Model model(History history) {
        return model(data(history));
    }

    public Model model(Data data) {
        int n = data.size();
        if (n < 2) {
            throw new IllegalArgumentException("a GP needs at least 2 data points, got " + n);
        }
        double[] scores = data.scores();
        double mean = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            mean += s / n;
            best = Math.max(best, s);
        }
        double var = 0;
        for (double s : scores) {
            var += (s - mean) * (s - mean) / n;
        }
        double scale = var > 0 ? Math.sqrt(var) : 1.0;
        double[] standardized = new double[n];
        for (int i = 0; i < n; i++) {
            standardized[i] = (scores[i] - mean) / scale;
        }
        HyperparameterFit.Fitted hyper = hyperparameters(data);
        GaussianProcess gp = factor(data, hyper).withTargets(standardized);
        return new Model(gp, mean, scale, best, data.points(), scores, data.pending());
    }

    /** The schedule {@code m(n)}: how many leading data points the hyper-parameters are fitted on. */
    static int fitSize(int n) {
        if (n <= 20) {
            return n;
        }
        int m = 20;
        while (true) {
            int next = Math.max(m + 1, (int) Math.floor(m * 1.15));
            if (next > n) {
                return m;
            }
            m = next;
        }
    }

    private HyperparameterFit.Fitted hyperparameters(Data data) {
        int m = fitSize(data.size());
        long[] ids = Arrays.copyOf(data.ids(), m);
        double[] scores = Arrays.copyOf(data.scores(), m);
        if (fitted != null && Arrays.equals(ids, fitIds) && Arrays.equals(scores, fitScores)) {
            return fitted;
        }
        double mean = 0;
        for (double s : scores) {
            mean += s / m;
        }
        double var = 0;
        for (double s : scores) {
            var += (s - mean) * (s - mean) / m;
        }
        double scale = var > 0 ? Math.sqrt(var) : 1.0;
        double[] standardized = new double[m];
        for (int i = 0; i < m; i++) {
            standardized[i] = (scores[i] - mean) / scale;
        }
        fitted = HyperparameterFit.fit(
                Arrays.copyOf(data.points(), m), standardized, nu, alpha, seed ^ (0x9E3779B97F4A7C15L * m));
        fitIds = ids;
        fitScores = scores;
        return fitted;
    }

    private GaussianProcess factor(Data data, HyperparameterFit.Fitted hyper) {
        int n = data.size();
        int reuse = 0;
        if (factorModel != null
                && factorModel.kernel().equals(hyper.kernel())
                && factorModel.noise() == hyper.noise()
                && factorIds.length <= n
                && Arrays.equals(factorIds, Arrays.copyOf(data.ids(), factorIds.length))) {
            reuse = factorIds.length;
        }
        GaussianProcess gp;
        gp = reuse > 0 ? extend(factorModel, data.points(), reuse) : null;
        if (gp == null) {
            gp = build(data.points(), hyper);
        }
        factorModel = gp;
        factorIds = data.ids().clone();
        return gp;
    }

    /** {@code gp} plus {@code points[from..]}, or null when a pivot fails (a full build then adds jitter). */
    private static GaussianProcess extend(GaussianProcess gp, double[][] points, int from) {
        GaussianProcess out = gp;
        try {
            for (int i = from; i < points.length; i++) {
                out = out.plus(points[i], 0.0);
            }
            return out;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static GaussianProcess build(double[][] points, HyperparameterFit.Fitted hyper) {
        double noise = hyper.noise();
        // Duplicated points under a tiny noise can make the matrix numerically singular: add jitter and retry.
        for (int attempt = 0; ; attempt++) {
            try {
                return GaussianProcess.of(hyper.kernel(), noise, points, new double[points.length]);
            } catch (ArithmeticException e) {
                if (attempt >= 8) {
                    throw e;
                }
                noise = Math.max(noise * 10, 1e-8);
            }
        }
    }
}
