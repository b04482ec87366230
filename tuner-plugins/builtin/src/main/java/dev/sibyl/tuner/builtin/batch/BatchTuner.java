package dev.sibyl.tuner.builtin.batch;

import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NNI's batch tuner: the search space is one {@code choice} whose options are complete parameter sets; each is
 * proposed verbatim (not wrapped in the choice's name), once, in order. An option counts as done when an equal
 * parameter set is in the history (as NNI's {@code import_data} removes imported ones), one history entry per
 * occurrence of the option. When every option is done the tuner is exhausted.
 */
public final class BatchTuner implements Tuner {
    private final List<Map<String, Object>> options;
    private final List<String> keys;

    BatchTuner(List<Map<String, Object>> options) {
        this.options = List.copyOf(options);
        this.keys = options.stream().map(ParameterKey::of).toList();
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Map<String, Integer> done = new HashMap<>();
        for (Observation o : history.observations()) {
            done.merge(ParameterKey.of(o.parameters()), 1, Integer::sum);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < options.size() && out.size() < count; i++) {
            Integer left = done.get(keys.get(i));
            if (left != null && left > 0) {
                done.put(keys.get(i), left - 1);
            } else {
                out.add(deepCopy(options.get(i)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (json instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return json;
    }
}
