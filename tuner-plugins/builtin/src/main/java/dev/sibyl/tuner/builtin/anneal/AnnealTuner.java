package dev.sibyl.tuner.builtin.anneal;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Annealing, the algorithm of hyperopt's {@code anneal} module (Bergstra, Yamins and Cox, "Making a Science of
 * Model Search", ICML 2013) that NNI's {@code Anneal} tuner runs: random search that samples closer and closer
 * to the good points seen so far. For each proposal:
 *
 * <ol>
 *   <li>Rank the parameter sets that have a final value by loss and pick one by a rank-weighted draw: rank
 *       {@code k} (0 = best) with the geometric probability {@code (1 - 1/a)^k / a}, {@code a = }{@value
 *       #AVG_BEST_IDX} (so the best is picked two times in three), the rank clipped to the last.
 *   <li>Walk the parameters parents first. Each active one is drawn around the picked set's value with a
 *       neighbourhood that shrinks as its history grows: {@code s = 1 / (1 + T * }{@value #SHRINK_COEF}{@code
 *       )}, T the number of valued parameter sets holding this parameter.
 *       <ul>
 *         <li>uniform family: uniform on a window of {@code s} times the (internal, log for log types) range,
 *             centred on the value and shifted to lie inside the range;
 *         <li>normal family: normal around the value with {@code s} times the prior's sigma;
 *         <li>{@code choice} and {@code randint}: the same option with probability {@code 1 - s}, otherwise a
 *             uniform draw over all options.
 *       </ul>
 *       A parameter the picked set lacks (it chose another nested option) is drawn around another set holding
 *       it, picked the same way; one nobody has yet comes from the prior.
 *   <li>With no valued parameter set yet, the proposal is a draw from the prior.
 * </ol>
 *
 * <p>hyperopt uses {@code avg_best_idx = 2} and {@code shrink_coef = 0.1}; Sibyl uses 1.5 and 0.15 (a little
 * greedier, shrinking a little faster). On the public benchmark suite (40 seeds, 100 trials) that lowered the
 * median regret on branin, hartmann3, hartmann6, rosenbrock5 and ackley5 and cost a little on levy10 and
 * mlp_mixed; the figures are in {@code docs/benchmarks/evolution.md}.
 *
 * <p>Pending and failed parameter sets are ignored. Proposal p draws from {@link Seeds#forProposal}(seed, p), so
 * the tuner is a function of its history. Proposals are deduplicated as Random's, so finite spaces run out.
 */
public final class AnnealTuner implements Tuner {
    static final double AVG_BEST_IDX = 1.5;
    static final double SHRINK_COEF = 0.15;

    private final FlatSpace space;
    private final OptimizeMode mode;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;

    AnnealTuner(SearchSpace space, OptimizeMode mode, long seed) {
        this.space = FlatSpace.of(space);
        this.mode = mode;
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        List<double[]> ranked = ranked(history);
        int[] holders = new int[space.size()];
        for (double[] x : ranked) {
            for (int j = 0; j < x.length; j++) {
                if (!Double.isNaN(x[j])) {
                    holders[j]++;
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = Seeds.forProposal(seed, (long) history.size() + i);
            double[] x = propose(ranked, holders, rng);
            Map<String, Object> proposal = dedup.admit(space.decode(x), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
        }
        return out;
    }

    /** Encoded vectors of the valued parameter sets, best first (ties: older first). */
    private List<double[]> ranked(History history) {
        List<Observation> valued = new ArrayList<>(history.withValues());
        valued.sort(Comparator.comparingDouble(o -> mode.toLoss(o.value())));
        List<double[]> out = new ArrayList<>(valued.size());
        for (Observation o : valued) {
            out.add(cache.encoded(o));
        }
        return out;
    }

    private double[] propose(List<double[]> ranked, int[] holders, SplittableRandom rng) {
        double[] x = space.blank();
        List<double[]> picked = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            if (!space.active(j, x)) {
                continue;
            }
            double[] base = base(ranked, picked, j, rng);
            x[j] = base == null ? space.samplePrior(j, rng) : around(j, base[j], shrinking(holders[j]), rng);
        }
        return x;
    }

    /** hyperopt's width factor: the fraction of the prior's width left after {@code t} observations. */
    static double shrinking(int t) {
        return 1.0 / (1.0 + t * SHRINK_COEF);
    }

    /**
     * The first already picked set holding parameter {@code j}, else a new rank-weighted pick among the sets
     * holding it (remembered for the following parameters); null when none holds it.
     */
    private static double[] base(List<double[]> ranked, List<double[]> picked, int j, SplittableRandom rng) {
        for (double[] b : picked) {
            if (!Double.isNaN(b[j])) {
                return b;
            }
        }
        List<double[]> holding = ranked;
        if (ranked.stream().anyMatch(b -> Double.isNaN(b[j]))) {
            holding = ranked.stream().filter(b -> !Double.isNaN(b[j])).toList();
        }
        if (holding.isEmpty()) {
            return null;
        }
        double[] b = holding.get(Math.min(geometricRank(rng), holding.size() - 1));
        picked.add(b);
        return b;
    }

    /** A draw of {@code k >= 0} with probability {@code (1 - 1/a)^k / a}. */
    private static int geometricRank(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble(); // in (0, 1]
        double k = Math.floor(Math.log(u) / Math.log(1.0 - 1.0 / AVG_BEST_IDX));
        return k >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) k;
    }

    /** A draw of parameter {@code j} in the neighbourhood of width fraction {@code s} around {@code value}. */
    private double around(int j, double value, double s, SplittableRandom rng) {
        FlatSpace.Param p = space.param(j);
        if (p.categorical()) {
            return rng.nextDouble() < 1 - s ? value : rng.nextLong(p.size());
        }
        Numeric n = p.numeric();
        if (!n.bounded()) {
            return value + n.sigma() * s * rng.nextGaussian();
        }
        double low = n.internalLow();
        double high = n.internalHigh();
        double half = 0.5 * (high - low) * s;
        double centre = Math.min(Math.max(value, low + half), high - half);
        return centre - half + 2 * half * rng.nextDouble();
    }
}
