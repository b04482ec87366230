package dev.sibyl.tuner.builtin.random;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.dedup.Deduplicator;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ObservationCache;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NNI's random search: every proposal is a draw from the prior of each active parameter (uniform over options
 * for {@code choice} and {@code randint}, the declared distribution for numeric types, nested choices
 * recursively), then deduplicated against the history as NNI does ({@link Deduplicator}). The draw for the
 * proposal at position p comes from {@link Seeds#forProposal}(seed, p), so results never matter and a rebuilt
 * tuner repeats the live one exactly.
 */
public final class RandomTuner implements Tuner {
    private final FlatSpace space;
    private final long seed;
    private final ObservationCache cache;
    private final Deduplicator dedup;

    RandomTuner(SearchSpace space, long seed) {
        this.space = FlatSpace.of(space);
        this.seed = seed;
        this.cache = new ObservationCache(this.space);
        this.dedup = new Deduplicator(this.space);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Set<String> seen = dedup.enabled() ? cache.keys(history) : null;
        dedup.sync(seen);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] x = space.sample(Seeds.forProposal(seed, (long) history.size() + i));
            Map<String, Object> proposal = dedup.admit(space.decode(x), seen);
            if (proposal == null) {
                break;
            }
            out.add(proposal);
        }
        return out;
    }
}
