package dev.sibyl.tuner.builtin.gridsearch;

import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first grid point, in {@link GridWalk} order, whose parameter set has not been seen yet. Answers are a
 * function of the seen set only: the cursor remembers how far it walked, and walks again from the start
 * whenever a point it passed is no longer in the seen set (the history it was given is not a continuation of
 * the one before).
 */
public final class GridCursor {
    private final FlatSpace space;
    private GridWalk walk;
    private final List<String> passed = new ArrayList<>();

    public GridCursor(FlatSpace space) {
        this.space = space;
        this.walk = new GridWalk(space);
    }

    /** Call once per ask with the keys of the history, before {@link #nextUnseen}. */
    public void sync(Set<String> seen) {
        if (!seen.containsAll(passed)) {
            walk = new GridWalk(space);
            passed.clear();
        }
    }

    /** The next unseen grid point, added to {@code seen}; null when the grid holds no unseen point. */
    public Map<String, Object> nextUnseen(Set<String> seen) {
        while (true) {
            double[] x = walk.next();
            if (x == null) {
                return null;
            }
            Map<String, Object> parameters = space.decode(x);
            String key = ParameterKey.of(parameters);
            passed.add(key);
            if (seen.add(key)) {
                return parameters;
            }
        }
    }
}
