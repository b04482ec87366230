package dev.sibyl.tuner.spi;

import java.util.Map;
import java.util.Optional;

/**
 * NNI's reward extraction: a metric is a number, or a dict whose {@code default} key holds a number.
 * Anything else carries no scalar reward.
 */
public final class Reward {
    private Reward() {}

    /** The scalar reward of a metric value as reported by a trial (already JSON-decoded). */
    public static Optional<Double> scalar(Object metric) {
        if (metric instanceof Number n && !(metric instanceof Boolean)) {
            return Optional.of(n.doubleValue());
        }
        if (metric instanceof Map<?, ?> map && map.get("default") instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        return Optional.empty();
    }
}
