package dev.sibyl.tuner.testkit;

import java.util.Collection;
import java.util.Map;

/**
 * A deterministic objective over any parameter set, for contract runs where only validity and
 * reproducibility matter: numeric leaves contribute smoothly, everything else through a stable hash.
 */
public final class SyntheticObjective {
    private SyntheticObjective() {}

    public static double of(Map<String, ?> parameters) {
        return value(parameters);
    }

    private static double value(Object json) {
        if (json instanceof Number n && !(json instanceof Boolean)) {
            double v = n.doubleValue();
            return Math.sin(v) + 0.01 * Math.abs(v) / (1 + Math.abs(v));
        }
        if (json instanceof Map<?, ?> map) {
            double sum = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sum += value(e.getValue()) * (1 + (String.valueOf(e.getKey()).hashCode() & 7) / 8.0);
            }
            return sum;
        }
        if (json instanceof Collection<?> list) {
            double sum = 0;
            for (Object item : list) {
                sum += value(item);
            }
            return sum;
        }
        return ((String.valueOf(json).hashCode() & 0xffff) / 65536.0) - 0.5;
    }
}
