package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.pareto.ParetoFront;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Tree-structured Parzen Estimator: J. Bergstra, R. Bardenet, Y. Bengio, B. Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011, in its multivariate form (the parameters of a group are modelled
 * jointly, as in S. Falkner et al., BOHB, ICML 2018, and Optuna's multivariate TPE), with NNI's classArgs and
 * their NNI meaning. One proposal is made as follows.
 *
 * <ol>
 *   <li><b>Records.</b> Every observation with a final value becomes a record (parameter vector, loss), the loss
 *       being the value when minimizing and its negation when maximizing. With a constant liar, every pending
 *       parameter set, and every earlier proposal of the same ask, becomes a record with the lie as its loss
 *       (the best, worst or mean real loss; 0 before any). Other observations (failed) are ignored.
 *   <li><b>Walk the tree by groups.</b> The parameters that are active together form a group: the top-level
 *       parameters, and for every option of a nested choice the parameters directly under it. Groups are
 *       decided parent first; a group under a nested choice is decided only when its option was chosen, and
 *       learns only from the records where it was active.
 *   <li><b>Warm-up.</b> With fewer than {@code n_startup_jobs} such records (default 10) the group is drawn
 *       from the prior.
 *   <li><b>Split.</b> Sorted by loss (ties: history order, lies last), the best records of the m form the
 *       "below" group, the rest the "above" group: by default the best tenth, {@code min(ceil(0.1 m),
 *       linear_forgetting)}; with {@code gamma} set, NNI's {@code min(ceil(gamma * sqrt(m)),
 *       linear_forgetting)} (section 4).
 *   <li><b>Densities.</b> l(x) is fitted to the below group and g(x) to the above group, each a joint Parzen
 *       estimator over the group ({@link JointParzen}) with the prior as an extra kernel of weight {@code
 *       prior_weight}, and with NNI's linear-forgetting weights applied in loss order. Numeric parameters are
 *       modelled in internal coordinates (log space for log types, before quantization); {@code randint} and
 *       {@code choice} among increasing numbers as ordinal, over the option index; other choices as
 *       categorical.
 *   <li><b>Expected improvement.</b> {@code n_ei_candidates} joint draws from l(x), and the one maximizing
 *       {@code log l(x) - log g(x)} is kept; it maximizes EI under the model (section 4.1).
 *   <li><b>Trial value.</b> The vector is decoded (exp, round-half-to-even to q, clip) and deduplicated against
 *       the history as NNI does ({@link Deduplicator}).
 * </ol>
 *
 * Differences from NNI's {@code tpe_tuner.py}: the joint model per group (NNI models each parameter alone);
 * the best-tenth split and 10 start-up trials when {@code gamma} and {@code n_startup_jobs} are not given
 * (NNI: {@code ceil(0.25 sqrt(m))} and 20; both converged markedly slower on the shared benchmark, see
 * {@code docs/benchmarks/tuners.md}); ordinal modelling of {@code randint} and numeric choices; history values are
 * read back from the trial values (NNI keeps the unrounded internal draw of its own proposals), so a rebuilt
 * tuner learns exactly what the live one learnt; choices nested several levels deep work (NNI crashes on
 * them); results are taken in history order rather than arrival order. NNI applies the forgetting ramp in loss
 * order where hyperopt uses age order; NNI's order is kept because it converged faster in our runs (it
 * down-weights the best of the above group, sharpening l/g). Randomness for the proposal at position p comes
 * from {@link Seeds#forProposal}(seed, p) only.
 *
 * <p><b>Several objectives</b> (MOTPE, Ozaki et al., GECCO 2020). Given two or more {@link Objective}s, a record's
 * loss is the vector of its objectives' losses ({@code optimize_mode} is then ignored: each objective has its
 * direction), observations without a finite value for every objective are ignored, and step 4 becomes
 * {@link ParetoSplit}: the below group is filled by non-dominated rank and the rank that does not fit is cut by
 * hypervolume; below-group weights are hypervolume contributions. A constant liar lies per objective (the best,
 * worst or mean of that objective's real losses).
 */
public final class TpeTuner implements Tuner {
    private final FlatSpace space;
    private final TpeArgs args;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;
    private final List<int[]> groups;
    private final List<Objective> objectives;

    TpeTuner(SearchSpace space, TpeArgs args, long seed) {
        this(space, args, seed, List.of());
    }

    /** A tuner over {@code objectives} when there are two or more of them, else over the scalar value. */
    TpeTuner(SearchSpace space, TpeArgs args, long seed, List<Objective> objectives) {
        this.objectives = List.copyOf(objectives);
        this.space = FlatSpace.of(space);
        this.args = args;
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
        this.groups = groups(this.space);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        if (Objective.several(objectives)) {
            return askForSeveralObjectives(history, count);
        }
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
        int realCount = reals;
        return proposeAll(
                history, count, pending, lies -> new Records(realVectors, realCount, realLosses, realOrder, lies, lie));
    }

    /** Step 1 with loss vectors: records are the observations with a finite value for every objective. */
    private List<Map<String, Object>> askForSeveralObjectives(History history, int count) {
        int size = history.size();
        int k = objectives.size();
        double[][] realVectors = new double[size][];
        double[][] realLosses = new double[size][];
        int reals = 0;
        List<double[]> pending = new ArrayList<>();
        for (Observation o : history.observations()) {
            if (o.hasValues(k)) {
                double[] loss = ParetoFront.losses(o.values(), objectives);
                if (Arrays.stream(loss).allMatch(Double::isFinite)) {
                    realVectors[reals] = cache.encoded(o);
                    realLosses[reals] = loss;
                    reals++;
                }
            } else if (o.outcome() == Observation.Outcome.PENDING) {
                pending.add(cache.encoded(o));
            }
        }
        double[] lie = new double[k];
        if (args.liar() != null) {
            for (int j = 0; j < k; j++) {
                double[] column = new double[reals];
                for (int r = 0; r < reals; r++) {
                    column[r] = realLosses[r][j];
                }
                lie[j] = args.liar().lie(column, reals);
            }
        }
        int realCount = reals;
        return proposeAll(history, count, pending, lies -> new Records(realVectors, realLosses, realCount, lies, lie));
    }

    /**
     * Steps 2 to 7 for each of {@code count} proposals, each later one seeing the earlier ones as pending; {@code
     * records} builds the records from the pending vectors to lie about (none without a constant liar).
     */
    private List<Map<String, Object>> proposeAll(
            History history, int count, List<double[]> pending, Function<List<double[]>, Records> records) {
        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RandomGenerator rng = Seeds.forProposal(seed, (long) history.size() + i);
            Records known = records.apply(args.liar() == null ? List.of() : pending);
            Map<String, Object> proposal = dedup.admit(space.decode(propose(known, rng)), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
            pending.add(space.encode(proposal));
        }
        return out;
    }

    /**
     * Real records plus lies, with both an age order (index) and a loss order; with several objectives, loss
     * vectors instead of a loss order.
     */
    private static final class Records {
        final double[][] vectors;
        final int[] lossOrder;
        final double[][] lossVectors;
        final int firstLie;

        Records(double[][] realVectors, double[][] realLosses, int reals, List<double[]> lies, double[] lie) {
            int total = reals + lies.size();
            vectors = new double[total][];
            lossVectors = new double[total][];
            System.arraycopy(realVectors, 0, vectors, 0, reals);
            System.arraycopy(realLosses, 0, lossVectors, 0, reals);
            for (int j = 0; j < lies.size(); j++) {
                vectors[reals + j] = lies.get(j);
                lossVectors[reals + j] = lie;
            }
            lossOrder = null;
            firstLie = reals;
        }

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
            lossVectors = null;
            firstLie = reals;
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

    // Step 2: groups of parameters active together, parents' groups first.
    private double[] propose(Records records, RandomGenerator rng) {
        double[] x = space.blank();
        for (int[] group : groups) {
            if (space.active(group[0], x)) {
                double[] values = proposeGroup(group, records, rng);
                for (int i = 0; i < group.length; i++) {
                    x[group[i]] = values[i];
                }
            }
        }
        return x;
    }

    private double[] proposeGroup(int[] group, Records records, RandomGenerator rng) {
        // The records where the whole group was active, in loss order.
        double[][] vectors = records.vectors;
        int[] rows = new int[vectors.length];
        int m = 0;
        if (records.lossVectors == null) {
            for (int r : records.lossOrder) {
                if (holdsAll(vectors[r], group)) {
                    rows[m++] = r;
                }
            }
        } else {
            for (int r = 0; r < vectors.length; r++) {
                if (holdsAll(vectors[r], group)) {
                    rows[m++] = r;
                }
            }
        }
        // Step 3: warm-up.
        if (m < args.nStartupJobs() || m == 0) {
            double[] out = new double[group.length];
            for (int i = 0; i < group.length; i++) {
                out[i] = space.samplePrior(group[i], rng);
            }
            return out;
        }
        // Step 4: the best records form the below group, the others the above group.
        int belowCount = args.belowCount(m);
        if (records.lossVectors != null) {
            rows = ParetoSplit.order(Arrays.copyOf(rows, m), records.lossVectors, belowCount);
        }
        int[] below = Arrays.copyOfRange(rows, 0, belowCount);
        int[] above = Arrays.copyOfRange(rows, belowCount, m);
        double[] belowWeights = records.lossVectors == null
                ? forgettingWeights(below.length)
                : ParetoSplit.belowWeights(below, records.lossVectors, records.firstLie);
        JointParzen.Dim[] dims = dims(group);
        // Step 5: the two densities.
        JointParzen l = density(dims, group, vectors, below, belowWeights);
        JointParzen g = density(dims, group, vectors, above, forgettingWeights(above.length));
        // Step 6: the candidate drawn from l that maximizes l / g.
        double[][] candidates = l.sample(rng, args.nEiCandidates());
        double[] best = candidates[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double[] c : candidates) {
            double score = l.logDensity(c) - g.logDensity(c);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        // Ordinal coordinates back to an option index.
        for (int d = 0; d < group.length; d++) {
            FlatSpace.Param param = space.param(group[d]);
            if (param.categorical() && !dims[d].categorical()) {
                best[d] = Math.min(Math.max(Math.rint(best[d]), 0), param.size() - 1);
            }
        }
        return best;
    }

    private JointParzen density(
            JointParzen.Dim[] dims, int[] group, double[][] vectors, int[] members, double[] weights) {
        double[][] columns = new double[group.length][members.length];
        for (int d = 0; d < group.length; d++) {
            JointParzen.Dim dim = dims[d];
            int j = group[d];
            double[] column = columns[d];
            for (int i = 0; i < members.length; i++) {
                double value = vectors[members[i]][j];
                column[i] = dim.categorical() ? value : Math.min(Math.max(value, dim.low()), dim.high());
            }
        }
        return new JointParzen(dims, columns, weights, args.priorWeight());
    }

    /**
     * The estimator's view of each parameter of a group, in internal coordinates. Ordinal parameters ({@code
     * randint}, and {@code choice} among increasing numbers) are numeric over the option index, {@code [-0.5,
     * size - 0.5]}; the prior of the uniform family is {@code N((low + high) / 2, high - low)} truncated.
     */
    private JointParzen.Dim[] dims(int[] group) {
        JointParzen.Dim[] dims = new JointParzen.Dim[group.length];
        for (int d = 0; d < group.length; d++) {
            FlatSpace.Param param = space.param(group[d]);
            if (ordinal(param)) {
                double size = param.size();
                dims[d] = JointParzen.Dim.numeric(-0.5, size - 0.5, (size - 1) * 0.5, size);
            } else if (param.categorical()) {
                dims[d] = JointParzen.Dim.categorical(param.size());
            } else {
                Numeric numeric = param.numeric();
                if (numeric.bounded()) {
                    double low = numeric.internalLow();
                    double high = numeric.internalHigh();
                    dims[d] = JointParzen.Dim.numeric(low, high, (low + high) * 0.5, high - low);
                } else {
                    dims[d] = JointParzen.Dim.numeric(
                            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, numeric.mu(), numeric.sigma());
                }
            }
        }
        return dims;
    }

    /** Whether the options of a categorical parameter have an order worth modelling: randint, or numbers. */
    private static boolean ordinal(FlatSpace.Param param) {
        if (param.dimension() instanceof RandInt) {
            return true;
        }
        if (param.dimension() instanceof Choice c && !c.nested() && c.size() > 2) {
            double last = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c.size(); k++) {
                if (!(c.option(k) instanceof Number number) || !(number.doubleValue() > last)) {
                    return false;
                }
                last = number.doubleValue();
            }
            return true;
        }
        return false;
    }

    private static boolean holdsAll(double[] vector, int[] group) {
        for (int j : group) {
            if (Double.isNaN(vector[j])) {
                return false;
            }
        }
        return true;
    }

    /** Parameters grouped by the option that activates them (top level: one group), in index order. */
    private static List<int[]> groups(FlatSpace space) {
        Map<List<Integer>, List<Integer>> byContext = new LinkedHashMap<>();
        for (int j = 0; j < space.size(); j++) {
            FlatSpace.Param p = space.param(j);
            byContext
                    .computeIfAbsent(List.of(p.parent(), p.parentOption()), k -> new ArrayList<>())
                    .add(j);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> g : byContext.values()) {
            out.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
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
}
