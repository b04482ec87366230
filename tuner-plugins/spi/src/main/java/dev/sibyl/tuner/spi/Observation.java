package dev.sibyl.tuner.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one parameter set: the parameters a trial received, where it stands, its scalar
 * final reward (raw, as reported; {@code null} until there is one), its intermediate rewards in report
 * order and, in a multi-objective search, the final value of every {@link Objective}. Frozen: algorithms
 * receive copies, never live state.
 *
 * @param parameterId NNI's parameter id; unique within an experiment, increasing in proposal order
 * @param parameters the parameter set exactly as the trial received it
 * @param outcome PENDING while the trial runs or waits
 * @param value scalar final reward (see {@link Reward}), or {@code null}
 * @param intermediate scalar intermediate rewards in report order
 * @param values in a multi-objective search, the raw final value of each objective in the experiment's order
 *     (see {@link Reward#vector}); empty in a single-objective search and until the trial has them. By
 *     convention {@link #value} then holds the first objective's value, so code reading a scalar keeps working.
 */
public record Observation(
        long parameterId,
        Map<String, Object> parameters,
        Outcome outcome,
        Double value,
        List<Double> intermediate,
        List<Double> values) {

    /** Where a parameter set stands, from the algorithm's point of view. */
    public enum Outcome {
        PENDING,
        SUCCEEDED,
        FAILED,
        EARLY_STOPPED;

        public boolean finished() {
            return this != PENDING;
        }
    }

    public Observation {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(outcome, "outcome");
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        intermediate = List.copyOf(intermediate == null ? List.of() : intermediate);
        values = List.copyOf(values == null ? List.of() : values);
    }

    /** A single-objective observation (no objective vector). */
    public Observation(
            long parameterId,
            Map<String, Object> parameters,
            Outcome outcome,
            Double value,
            List<Double> intermediate) {
        this(parameterId, parameters, outcome, value, intermediate, List.of());
    }

    public static Observation pending(long parameterId, Map<String, Object> parameters) {
        return new Observation(parameterId, parameters, Outcome.PENDING, null, List.of());
    }

    public static Observation succeeded(long parameterId, Map<String, Object> parameters, double value) {
        return new Observation(parameterId, parameters, Outcome.SUCCEEDED, value, List.of());
    }

    /**
     * A succeeded trial of a multi-objective search: {@code values} in the experiment's objective order, the
     * first also as the scalar {@link #value}.
     */
    public static Observation succeeded(long parameterId, Map<String, Object> parameters, List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        return new Observation(parameterId, parameters, Outcome.SUCCEEDED, values.get(0), List.of(), values);
    }

    /** True when the final value of every one of {@code count} objectives is known. */
    public boolean hasValues(int count) {
        return values.size() == count;
    }

    /** True when a final reward is known (the trial succeeded, or was stopped after reporting one). */
    public boolean hasValue() {
        return value != null;
    }
}
