package dev.sibyl.tuner.builtin;

import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Drives tuners through simulated experiments for the algorithm tests. */
public final class Runs {
    private Runs() {}

    /** One proposal at a time, each scored 0, until the tuner runs out (or {@code max} proposals). */
    public static List<Map<String, Object>> untilExhausted(Tuner tuner, int max) {
        SimulatedExperiment experiment = new SimulatedExperiment();
        List<Map<String, Object>> out = new ArrayList<>();
        while (out.size() < max) {
            List<Map<String, Object>> batch = tuner.ask(experiment.history(), 1);
            if (batch.isEmpty()) {
                return out;
            }
            out.addAll(batch);
            experiment.succeed(experiment.submit(batch).get(0), 0.0);
        }
        throw new AssertionError("no exhaustion within " + max + " proposals");
    }

    /** The values of parameter {@code name} in order. */
    public static List<Object> values(List<Map<String, Object>> proposals, String name) {
        return proposals.stream().map(p -> p.get(name)).toList();
    }

    /** A sequential run of {@code budget} trials; returns every proposal, scored by {@code objective}. */
    public static SimulatedExperiment sequential(
            Tuner tuner, ToDoubleFunction<Map<String, Object>> objective, int budget) {
        SimulatedExperiment experiment = new SimulatedExperiment();
        for (int i = 0; i < budget; i++) {
            List<Map<String, Object>> batch = tuner.ask(experiment.history(), 1);
            if (batch.isEmpty()) {
                break;
            }
            experiment.succeed(experiment.submit(batch).get(0), objective.applyAsDouble(batch.get(0)));
        }
        return experiment;
    }
}
