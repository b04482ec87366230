package dev.sibyl.tuner.testkit;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An in-memory experiment for driving algorithms in tests: it hands out parameter ids, keeps every parameter
 * set with its outcome and intermediate results, and produces the {@link History} an algorithm is asked with,
 * exactly as the experiment driver would (proposal order, pending sets included).
 */
public final class SimulatedExperiment {
    private final List<Observation> observations = new ArrayList<>();
    private long nextId;

    public History history() {
        return new History(observations);
    }

    /** Records {@code proposals} as pending trials; returns their parameter ids in order. */
    public List<Long> submit(List<Map<String, Object>> proposals) {
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> p : proposals) {
            long id = nextId++;
            observations.add(Observation.pending(id, p));
            ids.add(id);
        }
        return ids;
    }

    /** The trial succeeded with final value {@code value}. */
    public void succeed(long id, double value) {
        Observation o = find(id);
        replace(new Observation(id, o.parameters(), Observation.Outcome.SUCCEEDED, value, o.intermediate()));
    }

    /** The trial of a multi-objective search succeeded with one final value per objective. */
    public void succeed(long id, List<Double> values) {
        Observation o = find(id);
        replace(new Observation(
                id, o.parameters(), Observation.Outcome.SUCCEEDED, values.get(0), o.intermediate(), values));
    }

    /** The trial failed without a final value. */
    public void fail(long id) {
        Observation o = find(id);
        replace(new Observation(id, o.parameters(), Observation.Outcome.FAILED, null, o.intermediate()));
    }

    /** The trial was stopped early; its final value is its last intermediate result, if any. */
    public void stopEarly(long id) {
        Observation o = find(id);
        List<Double> curve = o.intermediate();
        Double last = curve.isEmpty() ? null : curve.get(curve.size() - 1);
        replace(new Observation(id, o.parameters(), Observation.Outcome.EARLY_STOPPED, last, curve));
    }

    /** The running trial reported one more intermediate result. */
    public void report(long id, double intermediate) {
        Observation o = find(id);
        List<Double> curve = new ArrayList<>(o.intermediate());
        curve.add(intermediate);
        replace(new Observation(id, o.parameters(), o.outcome(), o.value(), curve));
    }

    public Observation observation(long id) {
        return find(id);
    }

    /** Ids of trials still pending, oldest first. */
    public List<Long> pendingIds() {
        return observations.stream()
                .filter(o -> o.outcome() == Observation.Outcome.PENDING)
                .map(Observation::parameterId)
                .toList();
    }

    public int size() {
        return observations.size();
    }

    private Observation find(long id) {
        for (Observation o : observations) {
            if (o.parameterId() == id) {
                return o;
            }
        }
        throw new IllegalArgumentException("no parameter id " + id);
    }

    private void replace(Observation next) {
        for (int i = 0; i < observations.size(); i++) {
            if (observations.get(i).parameterId() == next.parameterId()) {
                observations.set(i, next);
                return;
            }
        }
        throw new IllegalArgumentException("no parameter id " + next.parameterId());
    }
}
