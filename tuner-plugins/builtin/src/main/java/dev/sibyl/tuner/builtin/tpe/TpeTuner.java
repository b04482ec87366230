package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Tree-structured Parzen Estimator: J. Bergstra, R. Bardenet, Y. Bengio, B. Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011, with NNI's classArgs, defaults and conventions. Each parameter is
 * modelled on its own (the "tree" is the nesting of choices); one proposal is made as follows.
 *
 * <ol>
 *   <li><b>Records.</b> Every observation with a final value becomes a record (parameter vector, loss), the loss
 *       being the value when minimizing and its negation when maximizing. With a constant liar, every pending
 *       parameter set, and every earlier proposal of the same ask, becomes a record with the lie as its loss
 *       (the best, worst or mean real loss; 0 before any). Other observations (failed) are ignored.
 *   <li><b>Walk the tree.</b> Parameters are decided parent first; a parameter under a nested choice is
 *       decided only when the option holding it was chosen, and learns only from records where it was active.
 *   <li><b>Warm-up.</b> With fewer than {@code n_startup_jobs} such records the value is drawn from the prior.
 *   <li><b>Split.</b> Sorted by loss (ties: history order, lies last), the best {@code min(ceil(gamma *
 *       sqrt(m)), linear_forgetting)} of the m records form the "below" group, the rest the "above" group
 *       (section 4).
 *   <li><b>Densities.</b> l(x) is fitted to the below group and g(x) to the above group, each with the prior as
 *       an extra pseudo-observation of weight {@code prior_weight}, and with NNI's linear-forgetting weights
 *       applied in loss order. Categorical parameters ({@code choice}, {@code randint}) use weighted counts
 *       ({@link CategoricalPosterior}). Numeric ones use the adaptive Parzen estimator ({@link ParzenMixture})
 *       in internal coordinates (log space for log types, before quantization): the uniform family as a
 *       normal prior {@code N((low + high) / 2, high - low)} truncated to {@code [low, high]}, the normal
 *       family with its own mu and sigma.
 *   <li><b>Expected improvement.</b> {@code n_ei_candidates} values are drawn from l(x) and the one maximizing
 *       {@code log l(x) - log g(x)} is kept; it maximizes EI under the model (section 4.1).
 *   <li><b>Trial value.</b> The vector is decoded (exp, round-half-to-even to q, clip) and deduplicated against
 *       the history as NNI does ({@link Deduplicator}).
 * </ol>
 *
 * Differences from NNI's {@code tpe_tuner.py}: history values are read back from the trial values (NNI keeps
 * the unrounded internal draw of its own proposals), so a rebuilt tuner learns exactly what the live one learnt;
 * choices nested several levels deep work (NNI crashes on them); results are taken in history order rather than
 * arrival order. NNI applies the forgetting ramp in loss order where hyperopt uses age order; NNI's order is kept
 * because it converged markedly faster in our runs (it down-weights the best of the above group, sharpening
 * l/g). Randomness for the proposal at position p comes from {@link
 * Seeds#forProposal}(seed, p) only.
 */
public final class TpeTuner implements Tuner {
    private final FlatSpace space;
    private final TpeArgs args;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;

    TpeTuner(SearchSpace space, TpeArgs args, long seed) {
        this.space = FlatSpace.of(space);
        this.args = args;
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        // Step 1: real records in history order; pending vectors for the liar.
        int size = history.size();
        double[][] realVectors = new double[size][];
        double[] realLosses = new double[size];
        int reals = 0;
        List<double[]> pending = new ArrayList<>();
        for (Observation o : history.observations()) {
            if (o.hasValue()) {
                if (Double.isFinite(o.value())) {
                    realVectors[reals] = cache.encoded(o);
                    realLosses[reals] = args.mode().toLoss(o.value());
                    reals++;
                }
            } else if (o.outcome() == Observation.Outcome.PENDING) {
                pending.add(cache.encoded(o));
            }
        }
        int[] realOrder = IndexSort.byKey(Arrays.copyOf(realLosses, reals));
        double lie = args.liar() == null ? 0 : args.liar().lie(realLosses, reals);

        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RandomGenerator rng = Seeds.forProposal(seed, (long) size + i);
            Records records = args.liar() == null
                    ? new Records(realVectors, reals, realLosses, realOrder, List.of(), lie)
                    : new Records(realVectors, reals, realLosses, realOrder, pending, lie);
            Map<String, Object> proposal = dedup.admit(space.decode(propose(records, rng)), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
            pending.add(space.encode(proposal));
        }
        return out;
    }

    /** Real records plus lies, with both an age order (index) and a loss order. */
    private static final class Records {
        final double[][] vectors;
        final int[] lossOrder;

        Records(
                double[][] realVectors,
                int reals,
                double[] realLosses,
                int[] realOrder,
                List<double[]> lies,
                double lie) {
            int total = reals + lies.size();
            vectors = new double[total][];
            System.arraycopy(realVectors, 0, vectors, 0, reals);
            for (int j = 0; j < lies.size(); j++) {
                vectors[reals + j] = lies.get(j);
            }
            // A stable sort of (reals, then lies) by loss: reals not worse than the lie, the lies, the rest.
            lossOrder = new int[total];
            int k = 0;
            int r = 0;
            while (r < reals && realLosses[realOrder[r]] <= lie) {
                lossOrder[k++] = realOrder[r++];
            }
            for (int j = 0; j < lies.size(); j++) {
                lossOrder[k++] = reals + j;
            }
            while (r < reals) {
                lossOrder[k++] = realOrder[r++];
            }
        }
    }

    // Step 2: parents first, children only under their chosen option.
    private double[] propose(Records records, RandomGenerator rng) {
        double[] x = space.blank();
        for (int j = 0; j < space.size(); j++) {
            if (space.active(j, x)) {
                x[j] = proposeOne(j, records, rng);
            }
        }
        return x;
    }

    private double proposeOne(int j, Records records, RandomGenerator rng) {
        double[][] vectors = records.vectors;
        int m = 0;
        for (double[] v : vectors) {
            if (!Double.isNaN(v[j])) {
                m++;
            }
        }
        // Step 3: warm-up.
        if (m < args.nStartupJobs() || m == 0) {
            return space.samplePrior(j, rng);
        }
        // Step 4: in loss order, the best records form the below group, the others the above group.
        int belowCount = (int) Math.min(Math.ceil(args.gamma() * Math.sqrt(m)), args.linearForgetting());
        double[] belowValues = new double[Math.min(belowCount, m)];
        double[] aboveValues = new double[m - belowValues.length];
        int taken = 0;
        for (int r : records.lossOrder) {
            double v = vectors[r][j];
            if (!Double.isNaN(v)) {
                if (taken < belowValues.length) {
                    belowValues[taken] = v;
                } else {
                    aboveValues[taken - belowValues.length] = v;
                }
                taken++;
            }
        }
        double[] belowWeights = forgettingWeights(belowValues.length);
        double[] aboveWeights = forgettingWeights(aboveValues.length);
        FlatSpace.Param param = space.param(j);
        return param.categorical()
                ? proposeCategorical(param, belowValues, belowWeights, aboveValues, aboveWeights, rng)
                : proposeNumeric(param.numeric(), belowValues, belowWeights, aboveValues, aboveWeights, rng);
    }

    // Steps 5 and 6 for choice and randint.
    private double proposeCategorical(
            FlatSpace.Param param,
            double[] belowValues,
            double[] belowWeights,
            double[] aboveValues,
            double[] aboveWeights,
            RandomGenerator rng) {
        CategoricalPosterior l =
                new CategoricalPosterior(asOptions(belowValues), belowWeights, param.size(), args.priorWeight());
        CategoricalPosterior g =
                new CategoricalPosterior(asOptions(aboveValues), aboveWeights, param.size(), args.priorWeight());
        long best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < args.nEiCandidates(); c++) {
            long option = l.sample(rng);
            double score = l.logProbability(option) - g.logProbability(option);
            if (best < 0 || score > bestScore) {
                best = option;
                bestScore = score;
            }
        }
        return best;
    }

    // Steps 5 and 6 for the eight numeric types, in internal coordinates.
    private double proposeNumeric(
            Numeric numeric,
            double[] belowValues,
            double[] belowWeights,
            double[] aboveValues,
            double[] aboveWeights,
            RandomGenerator rng) {
        double priorMu;
        double priorSigma;
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        if (numeric.bounded()) {
            low = numeric.internalLow();
            high = numeric.internalHigh();
            priorMu = (low + high) * 0.5;
            priorSigma = high - low;
            clamp(belowValues, low, high);
            clamp(aboveValues, low, high);
        } else {
            priorMu = numeric.mu();
            priorSigma = numeric.sigma();
        }
        ParzenMixture l = ParzenMixture.fit(belowValues, belowWeights, priorMu, priorSigma, args.priorWeight());
        ParzenMixture g = ParzenMixture.fit(aboveValues, aboveWeights, priorMu, priorSigma, args.priorWeight());
        double[] candidates = l.sample(rng, args.nEiCandidates(), low, high);
        double best = candidates[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates.length; c++) {
            double score = l.logDensity(candidates[c]) - g.logDensity(candidates[c]);
            if (c == 0 || score > bestScore) {
                best = candidates[c];
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * NNI's linear-forgetting weights of a group of n records in loss order: when n exceeds {@code
     * linear_forgetting}, the first n - linear_forgetting get a linear ramp from 1/n up to 1, the rest 1.
     */
    private double[] forgettingWeights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        int ramp = n - args.linearForgetting();
        if (ramp > 0) {
            double start = 1.0 / n;
            double step = ramp == 1 ? 0 : (1.0 - start) / (ramp - 1);
            for (int i = 0; i < ramp; i++) {
                w[i] = start + i * step;
            }
        }
        return w;
    }

    private static long[] asOptions(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    private static void clamp(double[] values, double low, double high) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.min(Math.max(values[i], low), high);
        }
    }
}
