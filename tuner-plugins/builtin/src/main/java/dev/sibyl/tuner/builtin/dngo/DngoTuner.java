package dev.sibyl.tuner.builtin.dngo;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.gp.Acquisition;
import dev.sibyl.tuner.builtin.gp.AcquisitionSearch;
import dev.sibyl.tuner.builtin.gp.GpSurrogate;
import dev.sibyl.tuner.builtin.gp.UnitCube;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * DNGO-style Bayesian optimisation: J. Snoek, O. Rippel, K. Swersky, R. Kiros, N. Satish, N. Sundaram, M. Patwary,
 * Prabhat, R. P. Adams, "Scalable Bayesian Optimization Using Deep Neural Networks", ICML 2015 — Bayesian linear
 * regression on a learned basis, with NNI's classArgs.
 *
 * <p><b>What the basis is here.</b> DNGO trains a neural network and uses its last hidden layer as the basis. This
 * pure-Java version uses <em>random Fourier features</em> instead ({@link FourierFeatures}: 64 cosine features of
 * an RBF kernel plus a constant), whose learned quantities are the kernel's length scales: "training" first
 * picks, among 0.05, 0.1, 0.2, 0.4, 0.8 and 1.6 (cube widths), the common length scale whose Bayesian linear
 * regression has the largest evidence, then makes one greedy pass over the inputs, multiplying each one's length
 * scale by 0.4 or 2.5 when that raises the evidence (a cheap automatic relevance determination). It is the closest
 * equivalent without a neural-network library: the regression on top, the retraining schedule and the acquisition
 * are DNGO's; the basis is adapted by d + 1 parameters chosen by evidence, not by gradient descent on a network.
 *
 * <ol>
 *   <li><b>Cold start.</b> Until {@code trials_per_update} results are known, a draw from the prior.
 *   <li><b>Training</b> on the first {@code m = trials_per_update ⌊n / trials_per_update⌋} results (so the basis
 *       is retrained every {@code trials_per_update} results): for each candidate set of length scales, feature
 *       directions are drawn from one generator seeded by (seed, m), the same for every candidate, and the
 *       regression's precisions α, β are set by evidence
 *       maximization (MacKay's fixed point, {@link BayesianLinearRegression#fit}) with at most {@code
 *       min(num_epochs_per_training, 30)} iterations — the iteration count is what {@code
 *       num_epochs_per_training} bounds here.
 *   <li><b>Posterior</b> on all n results (scores standardized) with the trained features, α and β; pending
 *       parameter sets and earlier proposals of the same ask enter with the best score (constant liar).
 *   <li><b>Acquisition.</b> Expected improvement ({@link Acquisition#EI}) is maximized over {@code sample_size}
 *       random points plus the three best results (as NNI), refined locally from the best three ({@link
 *       AcquisitionSearch}, 30 steps each).
 * </ol>
 *
 * Randomness for the proposal at position p comes from {@link Seeds#forProposal}(seed, p) only; the trained basis
 * is cached by the identity and scores of the results it was trained on, so caching never changes an answer.
 */
public final class DngoTuner implements Tuner {
    static final int FEATURES = 64;
    static final double[] LENGTH_SCALES = {0.05, 0.1, 0.2, 0.4, 0.8, 1.6};
    private static final double[] ARD_FACTORS = {0.4, 2.5};
    private static final int MAX_EVIDENCE_ITERATIONS = 30;
    private static final int LOCAL_STARTS = 3;
    private static final int LOCAL_STEPS = 30;

    private final UnitCube cube;
    private final DngoArgs args;
    private final long seed;
    private final GpSurrogate data;

    private long[] trainedIds = new long[0];
    private double[] trainedScores = new double[0];
    private Trained trained;

    private record Trained(FourierFeatures features, double alpha, double beta) {}

    DngoTuner(SearchSpace space, DngoArgs args, long seed) {
        this.cube = UnitCube.of(space);
        this.args = args;
        this.seed = seed;
        this.data = new GpSurrogate(cube, args.mode(), 2.5, 1e-6, seed);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        int size = history.size();
        GpSurrogate.Data d = data.data(history);
        int n = d.size();
        List<Map<String, Object>> out = new ArrayList<>();
        if (n < Math.max(2, args.trialsPerUpdate())) {
            for (int i = 0; i < count; i++) {
                out.add(cube.decode(cube.sample(Seeds.forProposal(seed, (long) size + i))));
            }
            return out;
        }
        Trained basis = train(d);
        double[] scores = d.scores();
        double mean = Arrays.stream(scores).average().orElse(0);
        double var = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / n;
        double scale = var > 0 ? Math.sqrt(var) : 1.0;
        double best = Arrays.stream(scores).max().orElse(0);
        BayesianLinearRegression.Statistics stats = new BayesianLinearRegression.Statistics(FEATURES + 1);
        for (int i = 0; i < n; i++) {
            stats.add(basis.features().of(d.points()[i]), (scores[i] - mean) / scale);
        }
        double lie = (best - mean) / scale;
        for (double[] p : d.pending()) {
            stats.add(basis.features().of(p), lie);
        }
        List<double[]> seeds = bestPoints(d, 3);
        for (int i = 0; i < count; i++) {
            RandomGenerator rng = Seeds.forProposal(seed, (long) size + i);
            BayesianLinearRegression blr = BayesianLinearRegression.of(basis.alpha(), basis.beta(), stats);
            double[] x = AcquisitionSearch.maximize(
                    u -> {
                        double[] p = blr.predict(basis.features().of(u));
                        return Acquisition.EI.value(p[0], Math.sqrt(p[1]), lie, 0, 0);
                    },
                    cube,
                    rng,
                    args.sampleSize(),
                    seeds,
                    LOCAL_STARTS,
                    LOCAL_STEPS);
            out.add(cube.decode(x));
            stats.add(basis.features().of(x), lie);
        }
        return out;
    }

    private Trained train(GpSurrogate.Data d) {
        int m = d.size() / args.trialsPerUpdate() * args.trialsPerUpdate();
        long[] ids = Arrays.copyOf(d.ids(), m);
        double[] scores = Arrays.copyOf(d.scores(), m);
        if (trained != null && Arrays.equals(ids, trainedIds) && Arrays.equals(scores, trainedScores)) {
            return trained;
        }
        double mean = Arrays.stream(scores).average().orElse(0);
        double var = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / m;
        double scale = var > 0 ? Math.sqrt(var) : 1.0;
        double[] y = Arrays.stream(scores).map(s -> (s - mean) / scale).toArray();
        int iterations = Math.min(args.epochsPerTraining(), MAX_EVIDENCE_ITERATIONS);
        // Step 2a: one length scale for all inputs, the one of largest evidence.
        int inputs = cube.dimension();
        double[] lengths = new double[inputs];
        Candidate best = null;
        for (double l : LENGTH_SCALES) {
            double[] trial = new double[inputs];
            Arrays.fill(trial, l);
            Candidate c = candidate(trial, d, m, y, iterations);
            if (best == null || c.evidence() > best.evidence()) {
                best = c;
                lengths = trial;
            }
        }
        // Step 2b: one greedy pass of relevance per input: shrink or stretch its length scale when the evidence
        // grows. The same feature directions are reused (common random numbers), so evidences compare fairly.
        for (int i = 0; i < inputs; i++) {
            for (double factor : ARD_FACTORS) {
                double[] trial = lengths.clone();
                trial[i] = Math.min(Math.max(trial[i] * factor, 0.01), 10);
                Candidate c = candidate(trial, d, m, y, iterations);
                if (c.evidence() > best.evidence()) {
                    best = c;
                    lengths = trial;
                }
            }
        }
        Trained bestBasis = best.trained();
        trained = bestBasis;
        trainedIds = ids;
        trainedScores = scores;
        return trained;
    }

    private record Candidate(Trained trained, double evidence) {}

    private Candidate candidate(double[] lengths, GpSurrogate.Data d, int m, double[] y, int iterations) {
        SplittableRandom rng = Seeds.forProposal(seed ^ 0xD1B54A32D192ED03L, -1L - m);
        FourierFeatures features = new FourierFeatures(FEATURES, lengths, rng);
        BayesianLinearRegression.Statistics stats = new BayesianLinearRegression.Statistics(FEATURES + 1);
        for (int i = 0; i < m; i++) {
            stats.add(features.of(d.points()[i]), y[i]);
        }
        BayesianLinearRegression blr = BayesianLinearRegression.fit(stats, iterations);
        return new Candidate(new Trained(features, blr.alpha(), blr.beta()), blr.logEvidence());
    }

    private static List<double[]> bestPoints(GpSurrogate.Data d, int k) {
        Integer[] order = new Integer[d.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(d.scores()[b], d.scores()[a]));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            out.add(d.points()[order[i]]);
        }
        return out;
    }
}
