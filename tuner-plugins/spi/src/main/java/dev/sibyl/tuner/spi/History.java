package dev.sibyl.tuner.spi;

import java.util.List;
import java.util.Objects;

/**
 * Everything an algorithm may learn from, in proposal order: every parameter set proposed so far (by the
 * algorithm, by a user as a customized trial, or imported), pending ones included. Algorithms are
 * functions of (search space, classArgs, seed, history): a tuner rebuilt after a restart and handed the
 * same history must propose exactly what the live one would have.
 */
public record History(List<Observation> observations) {
    public History {
        Objects.requireNonNull(observations, "observations");
        observations = List.copyOf(observations);
    }

    public static History empty() {
        return new History(List.of());
    }

    public int size() {
        return observations.size();
    }

    public List<Observation> pending() {
        return observations.stream()
                .filter(o -> o.outcome() == Observation.Outcome.PENDING)
                .toList();
    }

    /** Observations that carry a final reward. */
    public List<Observation> withValues() {
        return observations.stream().filter(Observation::hasValue).toList();
    }

    /** The history with one more observation at the end. */
    public History plus(Observation next) {
        var list = new java.util.ArrayList<>(observations);
        list.add(next);
        return new History(list);
    }
}
