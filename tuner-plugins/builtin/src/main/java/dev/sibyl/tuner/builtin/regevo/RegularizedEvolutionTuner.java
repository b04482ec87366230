package dev.sibyl.tuner.builtin.regevo;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
import dev.sibyl.tuner.builtin.evolution.Mutation;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Regularized (aging) evolution, Real, Aggarwal, Huang and Le, "Regularized Evolution for Image Classifier
 * Architecture Search", AAAI 2019:
 *
 * <ol>
 *   <li>The first {@code population_size} proposals are random draws from the prior.
 *   <li>The population is the {@code population_size} most recent parameter sets (in proposal order) that have a
 *       final value: adding a child pushes out the <em>oldest</em> member, however good it was (aging).
 *   <li>Each later proposal draws {@code sample_size} distinct members at random, takes the best of them as the
 *       parent and redraws one of its active parameters ({@link Mutation}).
 * </ol>
 *
 * <p>It works on ordinary NNI search spaces with every type, nested choices included: a categorical parameter
 * ({@code choice}, {@code randint}) mutates to a different option, a numeric one is redrawn from its prior.
 * NAS-style spaces map onto this directly: NNI's {@code layer_choice} is a {@code choice} over the candidate
 * operation names, an {@code input_choice} picking one input a {@code choice} over the candidate inputs, and
 * one picking k inputs k {@code choice}s (one per slot); NNI's NAS mutation (change one choice to another
 * value) is then exactly this tuner's mutation of a categorical parameter.
 *
 * <p>A pure function of the history: proposal p draws from {@link Seeds#forProposal}(seed, p); pending
 * parameter sets are not members yet. Proposals are deduplicated as Random's, so finite spaces run out.
 */
public final class RegularizedEvolutionTuner implements Tuner {
    private final FlatSpace space;
    private final OptimizeMode mode;
    private final int populationSize;
    private final int sampleSize;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;

    RegularizedEvolutionTuner(SearchSpace space, OptimizeMode mode, int populationSize, int sampleSize, long seed) {
        this.space = FlatSpace.of(space);
        this.mode = mode;
        this.populationSize = populationSize;
        this.sampleSize = sampleSize;
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        List<Observation> population = population(history);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = (long) history.size() + i;
            SplittableRandom rng = Seeds.forProposal(seed, position);
            double[] x;
            if (position < populationSize || population.isEmpty()) {
                x = space.sample(rng);
            } else {
                x = Mutation.mutate(space, cache.encoded(parent(population, rng)), rng);
            }
            Map<String, Object> proposal = dedup.admit(space.decode(x), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
        }
        return out;
    }

    /** The current population: the newest {@code population_size} parameter sets with a value, oldest first. */
    List<Observation> population(History history) {
        List<Observation> valued = history.withValues();
        return valued.subList(Math.max(0, valued.size() - populationSize), valued.size());
    }

    /** The best of {@code sample_size} distinct members drawn at random (a partial Fisher-Yates shuffle). */
    private Observation parent(List<Observation> population, SplittableRandom rng) {
        int n = population.size();
        int draws = Math.min(sampleSize, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Observation best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < draws; i++) {
            int j = i + rng.nextInt(n - i);
            int picked = order[j];
            order[j] = order[i];
            order[i] = picked;
            Observation candidate = population.get(picked);
            double loss = mode.toLoss(candidate.value());
            if (best == null || loss < bestLoss) {
                best = candidate;
                bestLoss = loss;
            }
        }
        return best;
    }
}
