package dev.sibyl.tuner.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One metric of a multi-objective search (a Sibyl extension; NNI optimizes one scalar): the key of the dict a
 * trial reports, and whether larger or smaller is better. An experiment names its objectives in order; an
 * {@link Observation}'s {@link Observation#values()} follow that order.
 *
 * @param metric the key in the reported dict, for example {@code accuracy} or {@code default}
 * @param mode the direction of this metric
 */
public record Objective(String metric, OptimizeMode mode) {
    public Objective {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(mode, "mode");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric must not be blank");
        }
    }

    /** {@code value} turned into a loss for this objective: smaller is always better. */
    public double toLoss(double value) {
        return mode.toLoss(value);
    }

    /** Whether {@code objectives} asks for a multi-objective search (two or more metrics). */
    public static boolean several(List<Objective> objectives) {
        return objectives.size() > 1;
    }

    /**
     * The problems of a list of objectives as tuners receive them, each naming {@code path[i].metric}: a
     * metric named twice. Empty when the list is usable.
     */
    public static List<Violation> check(List<Objective> objectives, String path) {
        Set<String> seen = new HashSet<>();
        List<Violation> out = new java.util.ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            String metric = objectives.get(i).metric();
            if (!seen.add(metric)) {
                out.add(new Violation(path + "[" + i + "].metric", "metric '" + metric + "' is named twice"));
            }
        }
        return out;
    }
}
