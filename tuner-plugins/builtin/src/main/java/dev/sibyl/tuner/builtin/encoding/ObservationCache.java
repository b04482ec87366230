package dev.sibyl.tuner.builtin.encoding;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers the encoded vector and the {@link ParameterKey} of each observation between asks, so a growing
 * history is not re-encoded every time. An entry is reused only while the observation carries the very same
 * parameters object, so the cache never changes an answer.
 */
public final class ObservationCache {
    private final FlatSpace space;
    private final Map<Long, Entry> entries = new HashMap<>();

    private static final class Entry {
        final Map<String, Object> parameters;
        double[] encoded;
        String key;

        Entry(Map<String, Object> parameters) {
            this.parameters = parameters;
        }
    }

    public ObservationCache(FlatSpace space) {
        this.space = space;
    }

    /** The observation's vector; shared, callers must not modify it. */
    public double[] encoded(Observation observation) {
        Entry e = entry(observation);
        if (e.encoded == null) {
            e.encoded = space.encode(observation.parameters());
        }
        return e.encoded;
    }

    public String key(Observation observation) {
        Entry e = entry(observation);
        if (e.key == null) {
            e.key = ParameterKey.of(observation.parameters());
        }
        return e.key;
    }

    /** The keys of every parameter set in {@code history}, as a fresh mutable set. */
    public Set<String> keys(History history) {
        Set<String> keys = new HashSet<>(Math.max(16, history.size() * 2));
        for (Observation o : history.observations()) {
            keys.add(key(o));
        }
        return keys;
    }

    private Entry entry(Observation observation) {
        Entry e = entries.get(observation.parameterId());
        if (e == null || e.parameters != observation.parameters()) {
            e = new Entry(observation.parameters());
            entries.put(observation.parameterId(), e);
        }
        return e;
    }
}
