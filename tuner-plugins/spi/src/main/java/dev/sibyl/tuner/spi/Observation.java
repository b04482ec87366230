package dev.sibyl.tuner.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one parameter set: the parameters a trial received, where it stands, its scalar
 * final reward (raw, as reported; {@code null} until there is one) and its intermediate rewards in report
 * order. Frozen: algorithms receive copies, never live state.
 *
 * @param parameterId NNI's parameter id; unique within an experiment, increasing in proposal order
 * @param parameters the parameter set exactly as the trial received it
 * @param outcome PENDING while the trial runs or waits
 * @param value scalar final reward (see {@link Reward}), or {@code null}
 * @param intermediate scalar intermediate rewards in report order
 */
public record Observation(
        long parameterId, Map<String, Object> parameters, Outcome outcome, Double value, List<Double> intermediate) {

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
    }

    public static Observation pending(long parameterId, Map<String, Object> parameters) {
        return new Observation(parameterId, parameters, Outcome.PENDING, null, List.of());
    }

    public static Observation succeeded(long parameterId, Map<String, Object> parameters, double value) {
        return new Observation(parameterId, parameters, Outcome.SUCCEEDED, value, List.of());
    }

    /** True when a final reward is known (the trial succeeded, or was stopped after reporting one). */
    public boolean hasValue() {
        return value != null;
    }
}
