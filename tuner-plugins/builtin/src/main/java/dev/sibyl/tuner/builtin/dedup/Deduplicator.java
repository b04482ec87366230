package dev.sibyl.tuner.builtin.dedup;

import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.builtin.gridsearch.GridCursor;
import java.util.Map;
import java.util.Set;

/**
 * NNI's deduplication for sampling tuners (Random, TPE): a proposal equal to a parameter set already in the
 * history is replaced by the first unseen grid point (see {@link dev.sibyl.tuner.builtin.gridsearch.GridWalk});
 * when the grid has no unseen point left, the space is exhausted. Spaces with a top-level continuous parameter
 * cannot repeat and skip all of this. Unlike NNI, customized (user-added) parameter sets count as seen too.
 */
public final class Deduplicator {
    private final boolean enabled;
    private final GridCursor cursor;

    public Deduplicator(FlatSpace space) {
        this.enabled = !space.neverDuplicates();
        this.cursor = new GridCursor(space);
    }

    /** Whether proposals need checking; when false the seen set need not be built. */
    public boolean enabled() {
        return enabled;
    }

    /** Call once per ask with the keys of the history. */
    public void sync(Set<String> seen) {
        if (enabled) {
            cursor.sync(seen);
        }
    }

    /**
     * {@code proposal} when it is new, else the next unseen grid point; null when nothing unseen is left. The
     * returned parameter set is added to {@code seen}.
     */
    public Map<String, Object> admit(Map<String, Object> proposal, Set<String> seen) {
        if (!enabled || seen.add(ParameterKey.of(proposal))) {
            return proposal;
        }
        return cursor.nextUnseen(seen);
    }
}
