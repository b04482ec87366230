package dev.sibyl.tuner.builtin.earlystop;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Observation.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds trials and histories for the assessors' behaviour tests. */
public final class Trials {
    private long nextId = 100;

    /** A trial with the given outcome and intermediate results; a finished one's value is its last result. */
    public Observation trial(Outcome outcome, Double... curve) {
        long id = nextId++;
        Double last = curve.length == 0 ? null : curve[curve.length - 1];
        return new Observation(
                id, Map.of("id", id), outcome, outcome == Outcome.PENDING ? null : last, Arrays.asList(curve));
    }

    public Observation running(Double... curve) {
        return trial(Outcome.PENDING, curve);
    }

    public Observation completed(Double... curve) {
        return trial(Outcome.SUCCEEDED, curve);
    }

    /** A running trial whose curve is {@code f(1..steps)}. */
    public Observation running(int steps, java.util.function.IntToDoubleFunction f) {
        Double[] curve = new Double[steps];
        for (int t = 1; t <= steps; t++) {
            curve[t - 1] = f.applyAsDouble(t);
        }
        return running(curve);
    }

    /** Judges {@code running} with {@code others} and the running trial itself in the history. */
    public static Assessor.Verdict judge(Assessor assessor, Observation running, Observation... others) {
        List<Observation> all = new ArrayList<>(List.of(others));
        all.add(running);
        return assessor.assess(running, new History(all));
    }
}
