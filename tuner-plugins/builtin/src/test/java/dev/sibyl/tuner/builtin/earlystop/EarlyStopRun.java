package dev.sibyl.tuner.builtin.earlystop;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds the configurations of a {@link CrossingCurves} task to an assessor in order, one trial at a time: the
 * trial reports epoch by epoch and is judged after each report; BAD ends it EARLY_STOPPED, otherwise it
 * SUCCEEDS after the last epoch with its last accuracy. Finished trials stay in the history.
 */
record EarlyStopRun(int epochs, int stopped, boolean keptTrueBest, double bestFinal) {
    static EarlyStopRun of(Assessor assessor, CrossingCurves task) {
        List<Observation> finished = new ArrayList<>();
        int epochs = 0;
        int stopped = 0;
        boolean keptBest = false;
        double bestFinal = Double.NaN;
        int trueBest = task.trueBest();
        for (int i = 0; i < task.configs().size(); i++) {
            CrossingCurves.Config config = task.configs().get(i);
            Map<String, Object> params = Map.of("lr", config.lr(), "width", config.width());
            double[] reported = task.reported(i);
            List<Double> curve = new ArrayList<>();
            Observation.Outcome outcome = Observation.Outcome.SUCCEEDED;
            for (int t = 1; t <= CrossingCurves.EPOCHS; t++) {
                curve.add(reported[t - 1]);
                epochs++;
                Observation running = new Observation(i, params, Observation.Outcome.PENDING, null, curve);
                List<Observation> all = new ArrayList<>(finished);
                all.add(running);
                if (assessor.assess(running, new History(all)) == Assessor.Verdict.BAD) {
                    outcome = Observation.Outcome.EARLY_STOPPED;
                    break;
                }
            }
            double last = curve.get(curve.size() - 1);
            finished.add(new Observation(i, params, outcome, last, curve));
            if (outcome == Observation.Outcome.EARLY_STOPPED) {
                stopped++;
            } else {
                keptBest |= i == trueBest;
                bestFinal = Double.isNaN(bestFinal) ? last : Math.max(bestFinal, last);
            }
        }
        return new EarlyStopRun(epochs, stopped, keptBest, bestFinal);
    }

    double epochShare() {
        return (double) epochs / (CrossingCurves.TRIALS * CrossingCurves.EPOCHS);
    }
}
