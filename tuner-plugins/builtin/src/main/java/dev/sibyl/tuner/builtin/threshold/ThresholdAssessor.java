package dev.sibyl.tuner.builtin.threshold;

import dev.sibyl.tuner.builtin.percentile.OptunaSteps;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.List;

/**
 * {@code Threshold}: Optuna's {@code ThresholdPruner} under a Sibyl name. It judges a trial by its latest
 * intermediate result only, against fixed bounds; other trials and the optimisation direction do not matter.
 *
 * <ol>
 *   <li>Without a result, before step {@code n_warmup_steps} (steps counted from zero, see {@link
 *       OptunaSteps}) or off the {@code interval_steps} grid, keep.
 *   <li>Stop when the latest result is NaN, below {@code lower} or above {@code upper} (each bound optional).
 * </ol>
 */
public final class ThresholdAssessor implements Assessor {
    private final double lower;
    private final double upper;
    private final int warmupSteps;
    private final int intervalSteps;

    ThresholdAssessor(double lower, double upper, int warmupSteps, int intervalSteps) {
        this.lower = lower;
        this.upper = upper;
        this.warmupSteps = warmupSteps;
        this.intervalSteps = intervalSteps;
    }

    @Override
    public Verdict assess(Observation trial, History history) {
        List<Double> curve = trial.intermediate();
        int step = OptunaSteps.lastStep(curve.size());
        if (step < 0 || !OptunaSteps.checked(step, step - 1, warmupSteps, intervalSteps)) {
            return Verdict.GOOD;
        }
        double latest = curve.get(step);
        boolean outside = Double.isNaN(latest) || latest < lower || latest > upper;
        return outside ? Verdict.BAD : Verdict.GOOD;
    }
}
