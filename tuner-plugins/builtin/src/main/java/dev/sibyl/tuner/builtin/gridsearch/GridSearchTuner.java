package dev.sibyl.tuner.builtin.gridsearch;

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
 * NNI's grid search: the points of {@link GridWalk} in order, each distinct parameter set once, skipping those
 * already in the history (proposed earlier, customized or imported). Ignores results and seeds. Once the walk
 * is over the tuner is exhausted.
 */
public final class GridSearchTuner implements Tuner {
    private final ObservationCache cache;
    private final GridCursor cursor;

    GridSearchTuner(SearchSpace space) {
        FlatSpace flat = FlatSpace.of(space);
        this.cache = new ObservationCache(flat);
        this.cursor = new GridCursor(flat);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Set<String> seen = cache.keys(history);
        cursor.sync(seen);
        List<Map<String, Object>> out = new ArrayList<>();
        while (out.size() < count) {
            Map<String, Object> next = cursor.nextUnseen(seen);
            if (next == null) {
                break;
            }
            out.add(next);
        }
        return out;
    }
}
