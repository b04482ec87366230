package dev.sibyl.tuner.protocol;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One assessor run over the line protocol (Sibyl extension): the host keeps every trial's parameters, learning
 * curve and outcome as they arrive in deltas ({@code curve}, {@code end}), and judges a trial on {@code assess}
 * (or the reserved {@code report}: one more value, then judge) against that history.
 */
final class AssessorSession {
    /** What the host knows of one trial. */
    private static final class Trial {
        final long id;
        Map<String, Object> params = Map.of();
        final List<Double> curve = new ArrayList<>();
        Observation.Outcome outcome = Observation.Outcome.PENDING;
        Double value;

        Trial(long id) {
            this.id = id;
        }

        Observation observation() {
            return new Observation(id, params, outcome, value, curve);
        }
    }

    private final Assessor assessor;
    private final Map<Long, Trial> trials = new LinkedHashMap<>();

    private AssessorSession(Assessor assessor) {
        this.assessor = assessor;
    }

    /** @throws InvalidInputException for an unknown assessor or bad classArgs */
    static AssessorSession start(Algorithms algorithms, String name, Map<String, Object> classArgs) {
        AssessorFactory factory = algorithms
                .assessor(name)
                .orElseThrow(() -> new InvalidInputException(
                        "assessor",
                        "unknown assessor '" + name + "'; known: " + String.join(", ", algorithms.assessorNames())));
        Settings settings = new Settings(classArgs);
        List<Violation> violations = factory.validate(settings);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new AssessorSession(factory.create(settings));
    }

    /** Appends {@code values} to the trial's curve from position {@code from} (values already known are skipped). */
    void curve(long id, Map<String, Object> params, int from, List<Double> values) {
        Trial t = trial(id, params);
        if (from > t.curve.size()) {
            throw new IllegalArgumentException("trial " + id + " has " + t.curve.size() + " values; got from " + from);
        }
        for (int i = t.curve.size() - from; i < values.size(); i++) {
            t.curve.add(values.get(i));
        }
    }

    /** Records how a trial ended; {@code value} null when it has no final result. */
    void end(long id, Map<String, Object> params, Observation.Outcome outcome, Double value) {
        if (outcome == Observation.Outcome.PENDING) {
            throw new IllegalArgumentException("a trial ends succeeded, failed or early_stopped");
        }
        Trial t = trial(id, params);
        t.outcome = outcome;
        t.value = value;
    }

    /** The assessor's verdict on a trial still running: true means stop it. */
    boolean assess(long id) {
        Trial t = trials.get(id);
        if (t == null || t.outcome != Observation.Outcome.PENDING) {
            throw new IllegalArgumentException("trial " + id + " is not a running trial of this session");
        }
        List<Observation> all = new ArrayList<>(trials.size());
        trials.values().forEach(x -> all.add(x.observation()));
        return assessor.assess(t.observation(), new History(all)) == Assessor.Verdict.BAD;
    }

    private Trial trial(long id, Map<String, Object> params) {
        Trial t = trials.computeIfAbsent(id, Trial::new);
        if (params != null && !params.isEmpty()) {
            t.params = Map.copyOf(params);
        }
        return t;
    }
}
