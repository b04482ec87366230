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
     * Reads objectives written as JSON ({@code [{"metric": "accuracy", "mode": "maximize"}, ...]}, already
     * decoded): a list of two or more mappings, each with a non-blank string {@code metric}, named once, and a
     * {@code mode} of {@code maximize} or {@code minimize} in any case. Other keys are left to the caller.
     *
     * @throws InvalidInputException naming every offending field under {@code path}, e.g. {@code
     *     objectives[1].mode}
     */
    public static List<Objective> parseAll(Object json, String path) {
        if (!(json instanceof List<?> entries)) {
            throw new InvalidInputException(path, "must be a list of {metric, mode} mappings");
        }
        List<Violation> problems = new java.util.ArrayList<>();
        if (entries.size() < 2) {
            problems.add(new Violation(
                    path,
                    "must list at least two objectives, got " + entries.size()
                            + " (for one metric, leave objectives out and use the tuner's optimize_mode)"));
        }
        List<Objective> out = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(entries.get(i) instanceof java.util.Map<?, ?> entry)) {
                problems.add(new Violation(at, "must be a mapping with metric and mode"));
                continue;
            }
            Object metric = entry.get("metric");
            Object mode = entry.get("mode");
            int before = problems.size();
            if (!(metric instanceof String m) || m.isBlank()) {
                problems.add(new Violation(at + ".metric", "must be a non-empty string, got " + metric));
            }
            OptimizeMode direction = null;
            try {
                direction = OptimizeMode.parse(mode instanceof String text ? text : String.valueOf(mode));
            } catch (IllegalArgumentException e) {
                problems.add(new Violation(at + ".mode", e.getMessage()));
            }
            if (problems.size() == before) {
                out.add(new Objective((String) metric, direction));
            }
        }
        problems.addAll(check(out, path));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return List.copyOf(out);
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
