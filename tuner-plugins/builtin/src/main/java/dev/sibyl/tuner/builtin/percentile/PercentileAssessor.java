package dev.sibyl.tuner.builtin.percentile;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Percentile}: Optuna's {@code PercentilePruner} (and, at 50, its {@code MedianPruner}) under a Sibyl
 * name, with Optuna's documented semantics. The percentile rule generalises the median stopping rule of
 * Golovin et al. 2017 ("Google Vizier", section 3.2.2).
 *
 * <ol>
 *   <li>Completed trials are those that SUCCEEDED. With none, or fewer than {@code n_startup_trials}, keep.
 *   <li>The trial's step is the index from zero of its latest intermediate result ({@link OptunaSteps}).
 *       Without a result, before {@code n_warmup_steps}, or off the {@code interval_steps} grid, keep.
 *   <li>The trial's best intermediate result so far (NaN ignored; all NaN: stop).
 *   <li>The completed trials that reported a value at this very step give the reference: their {@code
 *       percentile}-th percentile (linear interpolation, as numpy) when minimizing, the {@code (100 -
 *       percentile)}-th when maximizing — so that {@code percentile} is always the share of trials kept at
 *       the top. Fewer than {@code n_min_trials} such values: keep.
 *   <li>Stop when the best is strictly worse than the reference.
 * </ol>
 */
public final class PercentileAssessor implements Assessor {
    private final double percentile;
    private final int startupTrials;
    private final int warmupSteps;
    private final int intervalSteps;
    private final int minTrials;
    private final OptimizeMode mode;

    PercentileAssessor(
            double percentile,
            int startupTrials,
            int warmupSteps,
            int intervalSteps,
            int minTrials,
            OptimizeMode mode) {
        this.percentile = percentile;
        this.startupTrials = startupTrials;
        this.warmupSteps = warmupSteps;
        this.intervalSteps = intervalSteps;
        this.minTrials = minTrials;
        this.mode = mode;
    }

    @Override
    public Verdict assess(Observation trial, History history) {
        List<Observation> completed = new ArrayList<>();
        for (Observation o : history.observations()) {
            if (o.outcome() == Observation.Outcome.SUCCEEDED && o.parameterId() != trial.parameterId()) {
                completed.add(o);
            }
        }
        if (completed.isEmpty() || completed.size() < startupTrials) {
            return Verdict.GOOD;
        }
        List<Double> curve = trial.intermediate();
        int step = OptunaSteps.lastStep(curve.size());
        if (step < 0 || !OptunaSteps.checked(step, step - 1, warmupSteps, intervalSteps)) {
            return Verdict.GOOD;
        }
        boolean maximize = mode == OptimizeMode.MAXIMIZE;
        double best = OptunaSteps.best(curve, maximize);
        if (Double.isNaN(best)) {
            return Verdict.BAD;
        }
        double[] atStep = completed.stream()
                .filter(o -> o.intermediate().size() > step)
                .mapToDouble(o -> o.intermediate().get(step))
                .filter(v -> !Double.isNaN(v))
                .toArray();
        if (atStep.length == 0 || atStep.length < minTrials) {
            return Verdict.GOOD;
        }
        double reference = percentileOf(atStep, maximize ? 100.0 - percentile : percentile);
        return mode.isBetter(reference, best) ? Verdict.BAD : Verdict.GOOD;
    }

    /** The q-th percentile (0..100) with linear interpolation between closest ranks, as numpy's default. */
    static double percentileOf(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = q / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = rank - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
