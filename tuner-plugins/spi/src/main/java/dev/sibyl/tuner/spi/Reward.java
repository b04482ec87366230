package dev.sibyl.tuner.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NNI's reward extraction: a metric is a number, or a dict whose {@code default} key holds a number.
 * Anything else carries no scalar reward. A multi-objective search reads one number per {@link Objective}
 * from the dict instead ({@link #vector}).
 */
public final class Reward {
    private Reward() {}

    /** The scalar reward of a metric value as reported by a trial (already JSON-decoded). */
    public static Optional<Double> scalar(Object metric) {
        if (isNumber(metric)) {
            return Optional.of(((Number) metric).doubleValue());
        }
        if (metric instanceof Map<?, ?> map && isNumber(map.get("default"))) {
            return Optional.of(((Number) map.get("default")).doubleValue());
        }
        return Optional.empty();
    }

    /**
     * The value of each objective, in order, read by key from a reported dict ({@code {"accuracy": 0.93,
     * "latency_ms": 12}}). Empty when the metric is not a dict or lacks a number under any objective's key:
     * such a report carries no result for the search, as a non-numeric report carries none in NNI.
     */
    public static Optional<List<Double>> vector(Object metric, List<Objective> objectives) {
        if (!(metric instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        List<Double> out = new ArrayList<>(objectives.size());
        for (Objective objective : objectives) {
            Object value = map.get(objective.metric());
            if (!isNumber(value)) {
                return Optional.empty();
            }
            out.add(((Number) value).doubleValue());
        }
        return Optional.of(List.copyOf(out));
    }

    private static boolean isNumber(Object value) {
        return value instanceof Number && !(value instanceof Boolean);
    }
}
