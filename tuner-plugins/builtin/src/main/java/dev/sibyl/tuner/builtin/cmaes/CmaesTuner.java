package dev.sibyl.tuner.builtin.cmaes;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016; Hansen and Ostermeier
 * 2001) over the numeric parameters of an NNI search space, rebuilt from the history on every ask.
 *
 * <p><b>Encoding.</b> Every numeric parameter (nested ones included) is one coordinate of the unit cube: the
 * uniform family maps its internal range (log range for log types) linearly onto [0, 1]; the normal family maps
 * {@code mu ± 3 sigma} of its internal (log for log types) scale onto [0, 1], so values beyond three sigma are
 * never proposed. Decoding applies NNI's rounding and clipping, so q-types land on their grid.
 *
 * <p><b>Categorical parameters.</b> {@code choice} and {@code randint} (and therefore which nested option is
 * active) are not part of the Gaussian: each is drawn independently, option k with probability proportional to
 * {@code 1 + count_k}, {@code count_k} the times option k appears among the elite (the best {@code max(mu,
 * 20%)} valued parameter sets holding the parameter). A space without any numeric parameter is accepted and
 * searched by this elite sampling alone; coordinates of parameters inactive in a proposal are simply unused.
 *
 * <p><b>A function of history.</b> Generation g is the {@code popsize} consecutive proposals at positions
 * {@code [g*popsize, (g+1)*popsize)} of the history. Proposal p draws from {@link Seeds#forProposal}(seed, p)
 * using the state after generation {@code p/popsize - 1}; that state is rebuilt by replaying the earlier
 * generations: each member's point is the replayed draw when it decodes to the member's actual numeric values,
 * else the member's own values (a customized or deduplicated trial). Members without a value (pending or
 * failed) complete with a constant liar, the worst loss of their generation, so they rank last; a generation
 * with no value at all leaves the state unchanged. States are cached per generation and reused while the
 * generation's observations (ids, outcomes, values, parameters) are unchanged, so an ask costs one generation
 * update, not a replay of the whole run.
 */
public final class CmaesTuner implements Tuner {
    private final FlatSpace space;
    private final OptimizeMode mode;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;
    private final int[] numeric;
    private final int lambda;
    private final CmaState.Strategy strategy;
    private final double sigma0;

    private final List<String> generationKeys = new ArrayList<>();
    private final List<CmaState> statesAfter = new ArrayList<>();

    CmaesTuner(SearchSpace space, OptimizeMode mode, double sigma0, Optional<Integer> popsize, long seed) {
        this.space = FlatSpace.of(space);
        this.mode = mode;
        this.seed = seed;
        this.sigma0 = sigma0;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
        this.numeric = IntStream.range(0, this.space.size())
                .filter(j -> !this.space.param(j).categorical())
                .toArray();
        int d = Math.max(1, numeric.length);
        this.lambda = popsize.orElse(4 + (int) Math.floor(3 * Math.log(d)));
        this.strategy = numeric.length == 0 ? null : CmaState.Strategy.of(numeric.length, lambda);
    }

    int popsize() {
        return lambda;
    }

    private record Member(long position, double[] x, double loss) {}

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        List<Observation> observations = history.observations();
        int n = observations.size();
        List<List<Double>> elite = eliteFrequencies(history);
        CmaState state = strategy == null ? null : stateBefore(observations, n / lambda);
        List<Member> current = new ArrayList<>();
        if (strategy != null) {
            int start = (n / lambda) * lambda;
            for (int p = start; p < n; p++) {
                current.add(member(state, observations.get(p), p));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = (long) n + i;
            if (strategy != null && position % lambda == 0 && position > 0 && !current.isEmpty()) {
                // A generation completed inside this ask: its newest members are pending.
                state = update(state, current);
                current = new ArrayList<>();
            }
            SplittableRandom rng = Seeds.forProposal(seed, position);
            double[] unit = state == null ? null : state.sample(rng);
            double[] x = space.blank();
            for (int j = 0; j < x.length; j++) {
                if (!space.active(j, x)) {
                    continue;
                }
                if (space.param(j).categorical()) {
                    x[j] = draw(elite.get(j), space.param(j).size(), rng);
                } else {
                    x[j] = fromUnit(j, unit[indexOf(j)]);
                }
            }
            Map<String, Object> proposal = dedup.admit(space.decode(x), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
            if (unit != null) {
                current.add(new Member(position, unit, Double.NaN));
            }
        }
        return out;
    }

    /** The state after generations {@code 0 .. generations-1}, from the cache where still valid. */
    private CmaState stateBefore(List<Observation> observations, int generations) {
        CmaState state = CmaState.initial(strategy, sigma0);
        for (int g = 0; g < generations; g++) {
            String key = generationKey(observations, g);
            if (g < generationKeys.size() && generationKeys.get(g).equals(key)) {
                state = statesAfter.get(g);
                continue;
            }
            while (generationKeys.size() > g) {
                generationKeys.remove(generationKeys.size() - 1);
                statesAfter.remove(statesAfter.size() - 1);
            }
            List<Member> members = new ArrayList<>();
            for (int p = g * lambda; p < (g + 1) * lambda; p++) {
                members.add(member(state, observations.get(p), p));
            }
            state = update(state, members);
            generationKeys.add(key);
            statesAfter.add(state);
        }
        return state;
    }

    private String generationKey(List<Observation> observations, int g) {
        StringBuilder key = new StringBuilder();
        for (int p = g * lambda; p < (g + 1) * lambda; p++) {
            Observation o = observations.get(p);
            key.append(o.parameterId())
                    .append('/')
                    .append(o.outcome())
                    .append('/')
                    .append(o.value())
                    .append('/')
                    .append(cache.key(o))
                    .append(';');
        }
        return key.toString();
    }

    /** The point and loss of the observation at {@code position}, proposed from {@code state}. */
    private Member member(CmaState state, Observation o, long position) {
        double[] encoded = cache.encoded(o);
        double[] replayed = state.sample(Seeds.forProposal(seed, position));
        boolean same = true;
        for (int k = 0; k < numeric.length && same; k++) {
            int j = numeric[k];
            if (!Double.isNaN(encoded[j])) {
                Numeric num = space.param(j).numeric();
                same = FlatSpace.valueOf(num, fromUnit(j, replayed[k])) == FlatSpace.valueOf(num, encoded[j]);
            }
        }
        double[] x = replayed;
        if (!same) {
            double[] mean = state.mean();
            x = new double[numeric.length];
            for (int k = 0; k < numeric.length; k++) {
                int j = numeric[k];
                x[k] = Double.isNaN(encoded[j]) ? mean[k] : Math.min(1, Math.max(0, toUnit(j, encoded[j])));
            }
        }
        double loss = o.hasValue() ? mode.toLoss(o.value()) : Double.NaN;
        return new Member(position, x, loss);
    }

    /** One generation's update; members without a loss get the worst loss of the generation. */
    private CmaState update(CmaState state, List<Member> members) {
        double worst = Double.NEGATIVE_INFINITY;
        for (Member m : members) {
            if (!Double.isNaN(m.loss())) {
                worst = Math.max(worst, m.loss());
            }
        }
        if (worst == Double.NEGATIVE_INFINITY) {
            return state;
        }
        double liar = worst;
        List<Member> ranked = new ArrayList<>(members);
        ranked.sort(Comparator.comparingDouble((Member m) -> Double.isNaN(m.loss()) ? liar : m.loss())
                .thenComparingLong(Member::position));
        List<double[]> points = new ArrayList<>();
        for (Member m : ranked) {
            points.add(m.x());
        }
        while (points.size() < lambda) {
            points.add(state.mean());
        }
        return state.next(points);
    }

    /** Per categorical parameter, the options of its elite (best first); null for numeric parameters. */
    private List<List<Double>> eliteFrequencies(History history) {
        List<Observation> valued = new ArrayList<>(history.withValues());
        valued.sort(Comparator.comparingDouble(o -> mode.toLoss(o.value())));
        List<List<Double>> out = new ArrayList<>();
        for (int j = 0; j < space.size(); j++) {
            if (!space.param(j).categorical()) {
                out.add(null);
                continue;
            }
            List<Double> holding = new ArrayList<>();
            for (Observation o : valued) {
                double k = cache.encoded(o)[j];
                if (!Double.isNaN(k)) {
                    holding.add(k);
                }
            }
            int eliteSize = Math.min(holding.size(), Math.max(lambda / 2, (int) Math.ceil(0.2 * holding.size())));
            out.add(List.copyOf(holding.subList(0, eliteSize)));
        }
        return out;
    }

    /**
     * Option k with probability proportional to {@code 1 + count_k}: a uniform option with probability {@code
     * size / (size + elite)}, else the option of a uniformly chosen elite member.
     */
    private static double draw(List<Double> elite, long size, SplittableRandom rng) {
        double r = rng.nextDouble() * (size + elite.size());
        if (r < size) {
            return Math.min(size - 1, (long) Math.floor(r));
        }
        return elite.get(Math.min(elite.size() - 1, (int) (r - size)));
    }

    private int indexOf(int flatIndex) {
        return Arrays.binarySearch(numeric, flatIndex);
    }

    private double toUnit(int j, double internal) {
        Numeric n = space.param(j).numeric();
        if (n.bounded()) {
            return (internal - n.internalLow()) / (n.internalHigh() - n.internalLow());
        }
        return 0.5 + (internal - n.mu()) / (6 * n.sigma());
    }

    private double fromUnit(int j, double u) {
        Numeric n = space.param(j).numeric();
        double v = Math.min(1, Math.max(0, u));
        if (n.bounded()) {
            return n.internalLow() + v * (n.internalHigh() - n.internalLow());
        }
        return n.mu() + (v - 0.5) * 6 * n.sigma();
    }
}
