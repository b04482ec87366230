package dev.sibyl.tuner.builtin.smac;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Sequential Model-based Algorithm Configuration: F. Hutter, H. H. Hoos, K. Leyton-Brown, "Sequential
 * Model-Based Optimization for General Algorithm Configuration", LION 5, 2011, for NNI's {@code SMAC} tuner
 * (classArgs {@code optimize_mode}, default maximize, and {@code config_dedup}, default false). One proposal is
 * made as follows.
 *
 * <ol>
 *   <li><b>Records.</b> Every observation with a finite final value becomes a record (parameter vector, loss),
 *       the loss being the value when minimizing and its negation when maximizing. Pending parameter sets, and
 *       earlier proposals of the same ask, become records whose loss is the mean real loss (a constant liar).
 *       Failed observations and parameter sets outside the space are ignored.
 *   <li><b>Initial design and interleaving.</b> The first {@code clamp(d + 1, 4, 10)} proposals (d parameters),
 *       and afterwards every other proposal, are random configurations drawn from the prior, as SMAC interleaves
 *       random configurations to keep its guarantees when the model is misleading (section 4.3).
 *   <li><b>Model.</b> A random forest ({@link RegressionForest}: 10 trees, bootstrap, 5/6 of the
 *       features per split, 1 sample per leaf) is fitted to the records in internal coordinates: numeric values
 *       (log for {@code loguniform}) and {@code randint} offsets as ordered features, {@code choice} indices as
 *       categorical ones. Targets are {@code log(loss - best + c)} with c = 0.001 of the loss spread (SMAC's
 *       {@code log_y} for hyper-parameter optimisation), so a few huge losses do not flatten the model.
 *   <li><b>Acquisition.</b> Expected improvement over the best real loss (in the transformed scale), from the
 *       forest's mean and variance across trees ({@link ExpectedImprovement}).
 *   <li><b>Candidates.</b> {@value #RANDOM_CANDIDATES} random configurations, plus a local search (section 4.3)
 *       started from each of the {@value #LOCAL_STARTS} best records and the {@value #RANDOM_STARTS} best random
 *       candidates: at each step the one-exchange neighbourhood is scored (every other option of a {@code
 *       choice}, at most {@value #CHOICE_NEIGHBOURS}; {@value #NUMERIC_NEIGHBOURS} normal steps of 0.2, 0.1, 0.03
 *       and 0.01 of the range for numeric parameters, snapped to the q-grid; {@value #NUMERIC_NEIGHBOURS} normal
 *       steps of 0.2 of the range, at least 1, for {@code randint}) and the search moves to the best neighbour
 *       while it improves EI, walking at most {@value #PLATEAU_STEPS} steps across plateaus of equal EI, at most
 *       {@value #LOCAL_STEPS} steps in all. The candidate of highest EI wins; among equal EI, local-search
 *       results come first.
 *   <li><b>Trial value.</b> The vector is decoded (exp, round-half-to-even to q, clip); candidates equal to a
 *       parameter set already in the history (or proposed earlier in the ask) are passed over in EI order, as
 *       re-running a known configuration teaches a deterministic model nothing. With {@code config_dedup}, random
 *       proposals are deduplicated too, with NNI's grid fallback ({@link Deduplicator}), and a finite space
 *       runs out.
 * </ol>
 *
 * <p>Per-ask cost is bounded: one forest fit per proposal (O(trees · d · n log n ·
 * depth) for n records) and at most {@code RANDOM_CANDIDATES + (LOCAL_STARTS + RANDOM_STARTS) · LOCAL_STEPS · d ·
 * max(NUMERIC_NEIGHBOURS, CHOICE_NEIGHBOURS)} forest predictions. Randomness for the proposal at position p comes
 * from {@link Seeds#forProposal}(seed, p) only, so a rebuilt tuner repeats the live one.
 *
 * <p>Differences from NNI (which wraps the SMAC3 package): the forest, local search and random interleaving are
 * our own implementation of the paper; randint is an ordered integer here as in SMAC3; pending trials are
 * modelled by a constant liar where NNI's wrapper has none.
 */
public final class SmacTuner implements Tuner {
    static final int RANDOM_CANDIDATES = 500;
    static final int LOCAL_STARTS = 10;
    static final int RANDOM_STARTS = 5;
    static final int LOCAL_STEPS = 30;
    static final int NUMERIC_NEIGHBOURS = 4;
    static final int CHOICE_NEIGHBOURS = 10;
    static final int PLATEAU_STEPS = 10;
    /** Standard deviations of numeric local-search steps, as fractions of the (internal) range. */
    private static final double[] SCALES = {0.2, 0.1, 0.03, 0.01};

    private static final double STEP = 0.2;

    private final FlatSpace space;
    private final SmacArgs args;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;
    private final boolean[] categorical;
    private final int initial;

    SmacTuner(SearchSpace space, SmacArgs args, long seed) {
        this.space = FlatSpace.of(space);
        this.args = args;
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
        int d = this.space.size();
        this.categorical = new boolean[d];
        for (int j = 0; j < d; j++) {
            categorical[j] = this.space.param(j).dimension() instanceof Choice;
        }
        this.initial = Math.min(10, Math.max(4, d + 1));
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        // Step 1: records and pending vectors.
        List<double[]> xs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<double[]> pending = new ArrayList<>();
        for (Observation o : history.observations()) {
            if (o.hasValue()) {
                double[] x = cache.encoded(o);
                if (Double.isFinite(o.value()) && complete(x)) {
                    xs.add(x);
                    losses.add(args.mode().toLoss(o.value()));
                }
            } else if (o.outcome() == Observation.Outcome.PENDING) {
                double[] x = cache.encoded(o);
                if (complete(x)) {
                    pending.add(x);
                }
            }
        }
        Set<String> known = cache.keys(history);
        boolean deduplicate = args.configDedup() && dedup.enabled();
        if (deduplicate) {
            dedup.sync(known);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = (long) history.size() + i;
            RandomGenerator rng = Seeds.forProposal(seed, position);
            // Step 2: initial design, then every other proposal random.
            boolean random = position < initial || xs.size() < 2 || (position - initial) % 2 == 1;
            Map<String, Object> proposal =
                    random ? space.decode(space.sample(rng)) : bestUnknown(rankByEi(xs, losses, pending, rng), known);
            if (deduplicate) {
                proposal = dedup.admit(proposal, known);
                if (proposal == null) {
                    break;
                }
            } else {
                known.add(ParameterKey.of(proposal));
            }
            out.add(proposal);
            pending.add(space.encode(proposal));
        }
        return out;
    }

    private static boolean complete(double[] x) {
        for (double v : x) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    /** The best-ranked candidate that is not a known parameter set; the best one when all are known. */
    private Map<String, Object> bestUnknown(List<double[]> ranked, Set<String> known) {
        for (double[] x : ranked) {
            Map<String, Object> p = space.decode(x);
            if (!known.contains(ParameterKey.of(p))) {
                return p;
            }
        }
        return space.decode(ranked.get(0));
    }

    /** A candidate with its expected improvement. */
    private record Scored(double[] x, double ei) {}

    /** Steps 3 to 5: candidates in decreasing EI (ties in the order they were found). */
    List<double[]> rankByEi(List<double[]> xs, List<Double> losses, List<double[]> pending, RandomGenerator rng) {
        int reals = xs.size();
        double[][] x = new double[reals + pending.size()][];
        double[] y = new double[x.length];
        double sum = 0;
        double eta = Double.POSITIVE_INFINITY;
        for (int i = 0; i < reals; i++) {
            x[i] = xs.get(i);
            y[i] = losses.get(i);
            sum += y[i];
            eta = Math.min(eta, y[i]);
        }
        double lie = sum / reals;
        for (int i = 0; i < pending.size(); i++) {
            x[reals + i] = pending.get(i);
            y[reals + i] = lie;
        }
        double spread = 0;
        for (double v : y) {
            spread = Math.max(spread, v - eta);
        }
        double offset = Math.max(1e-3 * spread, 1e-12);
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.log(y[i] - eta + offset);
        }
        RegressionForest forest = new RegressionForest(x, y, categorical, RegressionForest.Config.SMAC, rng);
        double incumbent = Math.log(offset);
        ToDoubleFunction<double[]> ei = v -> {
            RegressionForest.Prediction p = forest.predict(v);
            return ExpectedImprovement.of(p.mean(), p.variance(), incumbent);
        };

        List<Scored> scored = new ArrayList<>();
        List<Scored> randoms = new ArrayList<>();
        for (int c = 0; c < RANDOM_CANDIDATES; c++) {
            double[] v = space.sample(rng);
            randoms.add(new Scored(v, ei.applyAsDouble(v)));
        }
        List<double[]> starts = new ArrayList<>();
        Integer[] byLoss = new Integer[reals];
        for (int i = 0; i < reals; i++) {
            byLoss[i] = i;
        }
        Arrays.sort(byLoss, Comparator.comparingDouble(i -> y[i]));
        for (int i = 0; i < Math.min(LOCAL_STARTS, reals); i++) {
            starts.add(x[byLoss[i]]);
        }
        List<Scored> bestRandoms = new ArrayList<>(randoms);
        bestRandoms.sort(Comparator.comparingDouble(s -> -s.ei()));
        for (int i = 0; i < Math.min(RANDOM_STARTS, bestRandoms.size()); i++) {
            starts.add(bestRandoms.get(i).x());
        }
        for (double[] start : starts) {
            scored.add(localSearch(start, ei, rng));
        }
        scored.addAll(randoms);
        // Stable: among equal EI (the forest is piecewise constant), local-search results near the best come first.
        scored.sort(Comparator.comparingDouble(s -> -s.ei())); // stable: ties keep discovery order
        return scored.stream().map(Scored::x).toList();
    }

    private Scored localSearch(double[] start, ToDoubleFunction<double[]> ei, RandomGenerator rng) {
        double[] current = start.clone();
        double currentEi = ei.applyAsDouble(current);
        int plateau = 0;
        for (int step = 0; step < LOCAL_STEPS; step++) {
            double[] bestNeighbour = null;
            double bestEi = currentEi;
            double[] flat = null;
            for (double[] n : neighbours(current, rng)) {
                double v = ei.applyAsDouble(n);
                if (v > bestEi) {
                    bestEi = v;
                    bestNeighbour = n;
                } else if (v == currentEi && flat == null) {
                    flat = n;
                }
            }
            if (bestNeighbour == null && flat != null && plateau < PLATEAU_STEPS) {
                plateau++;
                bestNeighbour = flat;
            }
            if (bestNeighbour == null) {
                break;
            }
            current = bestNeighbour;
            currentEi = bestEi;
        }
        return new Scored(current, currentEi);
    }

    /** The one-exchange neighbourhood of {@code x}: configurations differing in exactly one parameter. */
    List<double[]> neighbours(double[] x, RandomGenerator rng) {
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            FlatSpace.Param p = space.param(j);
            if (p.dimension() instanceof Choice c) {
                int size = c.size();
                int current = (int) x[j];
                if (size - 1 <= CHOICE_NEIGHBOURS) {
                    for (int k = 0; k < size; k++) {
                        if (k != current) {
                            out.add(with(x, j, k));
                        }
                    }
                } else {
                    for (int n = 0; n < CHOICE_NEIGHBOURS; n++) {
                        int k = rng.nextInt(size - 1);
                        out.add(with(x, j, k >= current ? k + 1 : k));
                    }
                }
            } else if (p.dimension() instanceof RandInt r) {
                long size = r.size();
                for (int n = 0; n < NUMERIC_NEIGHBOURS && size > 1; n++) {
                    double delta = rng.nextGaussian() * STEP * size;
                    long move = Math.max(1, Math.round(Math.abs(delta))) * (delta < 0 ? -1 : 1);
                    double v = Math.min(Math.max(x[j] + move, 0), size - 1);
                    if (v != x[j]) {
                        out.add(with(x, j, v));
                    }
                }
            } else {
                Numeric num = p.numeric();
                double lo = num.internalLow();
                double hi = num.internalHigh();
                for (int n = 0; n < NUMERIC_NEIGHBOURS; n++) {
                    double scale = SCALES[n % SCALES.length];
                    double v = x[j] + rng.nextGaussian() * scale * (hi - lo);
                    v = Math.min(Math.max(v, lo), hi);
                    if (num.kind().quantized()) {
                        v = num.toInternal(FlatSpace.valueOf(num, v));
                    }
                    if (v != x[j]) {
                        out.add(with(x, j, v));
                    }
                }
            }
        }
        return out;
    }

    private static double[] with(double[] x, int j, double v) {
        double[] copy = x.clone();
        copy[j] = v;
        return copy;
    }
}
