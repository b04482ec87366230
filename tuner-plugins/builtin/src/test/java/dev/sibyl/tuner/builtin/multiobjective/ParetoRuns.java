package dev.sibyl.tuner.builtin.multiobjective;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.pareto.Hypervolume;
import dev.sibyl.tuner.spi.pareto.ParetoFront;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Sequential multi-objective runs and the hypervolume of what they found. */
final class ParetoRuns {
    private ParetoRuns() {}

    /** {@code budget} sequential trials of {@code factory} on {@code problem}; the experiment afterwards. */
    static SimulatedExperiment run(
            TunerFactory factory, Map<String, Object> classArgs, BiObjectiveProblem problem, long seed, int budget) {
        Tuner tuner =
                factory.create(new Settings(classArgs), SearchSpace.parse(problem.space()), seed, problem.objectives());
        SimulatedExperiment experiment = new SimulatedExperiment();
        for (int i = 0; i < budget; i++) {
            List<Map<String, Object>> batch = tuner.ask(experiment.history(), 1);
            if (batch.isEmpty()) {
                break;
            }
            experiment.succeed(
                    experiment.submit(batch).get(0), problem.evaluate().apply(batch.get(0)));
        }
        return experiment;
    }

    /** Hypervolume of the Pareto set of a finished run, against the problem's reference point. */
    static double hypervolume(SimulatedExperiment experiment, BiObjectiveProblem problem) {
        List<Objective> objectives = problem.objectives();
        double[][] front = ParetoFront.of(experiment.history(), objectives).stream()
                .map(Observation::values)
                .map(v -> ParetoFront.losses(v, objectives))
                .toArray(double[][]::new);
        return Hypervolume.of(front, problem.reference());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
