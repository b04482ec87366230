package dev.sibyl.tuner.builtin.evolution;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
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
 * NNI's naive evolution (the "Evolution" tuner; after Real et al., "Large-Scale Evolution of Image
 * Classifiers", ICML 2017), rebuilt from the history on every ask:
 *
 * <ol>
 *   <li>The first {@code population_size} proposals are random draws from the prior: the initial population.
 *   <li>Every later proposal is one tournament step: two distinct members of the current population are drawn
 *       at random, the worse of the two is removed from the population for good, and the better one is the
 *       parent; the proposal is the parent with one active parameter redrawn ({@link Mutation}).
 *   <li>A parameter set joins the population once it has a final value; failed ones never join.
 * </ol>
 *
 * The population is a pure function of the history: the tournament at position p draws from {@link
 * Seeds#forProposal}(seed, p), and the population it sees holds every earlier parameter set that has a value
 * (NNI adds a member when its result arrives; the history only keeps proposal order, so a result that arrived
 * late counts as if it had been there). With fewer than two members the step mutates the only member, or
 * draws at random when there is none. Proposals are deduplicated as Random's, so finite spaces run out.
 */
public final class EvolutionTuner implements Tuner {
    private final FlatSpace space;
    private final OptimizeMode mode;
    private final int populationSize;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;

    EvolutionTuner(SearchSpace space, OptimizeMode mode, int populationSize, long seed) {
        this.space = FlatSpace.of(space);
        this.mode = mode;
        this.populationSize = populationSize;
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        Population population = replay(history);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = (long) history.size() + i;
            double[] x = population.step(position);
            Map<String, Object> proposal = dedup.admit(space.decode(x), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
        }
        return out;
    }

    /** Positions (in the history) of the members alive after replaying {@code history}. */
    List<Integer> population(History history) {
        Population population = replay(history);
        return population.members.stream().map(m -> m.position).toList();
    }

    private Population replay(History history) {
        Population population = new Population();
        List<Observation> observations = history.observations();
        for (int p = 0; p < observations.size(); p++) {
            if (p >= populationSize) {
                population.tournament(Seeds.forProposal(seed, p));
            }
            Observation o = observations.get(p);
            if (o.hasValue()) {
                population.members.add(new Member(p, mode.toLoss(o.value()), cache.encoded(o)));
            }
        }
        return population;
    }

    private record Member(int position, double loss, double[] x) {}

    private final class Population {
        final List<Member> members = new ArrayList<>();

        /** Removes the loser of a tournament of two and returns the winner; null without members. */
        Member tournament(SplittableRandom rng) {
            if (members.isEmpty()) {
                return null;
            }
            if (members.size() == 1) {
                return members.get(0);
            }
            int a = rng.nextInt(members.size());
            int b = rng.nextInt(members.size() - 1);
            if (b >= a) {
                b++;
            }
            // On a tie the older member survives.
            boolean aWins =
                    members.get(a).loss < members.get(b).loss || (members.get(a).loss == members.get(b).loss && a < b);
            Member winner = members.get(aWins ? a : b);
            members.remove(aWins ? b : a);
            return winner;
        }

        double[] step(long position) {
            SplittableRandom rng = Seeds.forProposal(seed, position);
            Member parent = position >= populationSize ? tournament(rng) : null;
            if (parent == null) {
                return space.sample(rng);
            }
            return Mutation.mutate(space, parent.x, rng);
        }
    }
}
