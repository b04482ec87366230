package dev.sibyl.tuner.builtin.outlook;

import dev.sibyl.tuner.builtin.curvefitting.CurveForecast;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Outlook}: Sibyl's own stopping rule, from neither NNI nor Optuna. The median stopping rule (Golovin et
 * al. 2017) and Optuna's percentile pruner compare trials at the same step, which stops slow starters that
 * would end best when learning curves cross; NNI's curve fitting (Domhan et al. 2015) forecasts the final
 * result but acts on a point forecast from a few noisy epochs. Outlook compares where a trial <em>could still
 * get to</em> with where completed trials ended:
 *
 * <ol>
 *   <li>Keep while fewer than {@code n_startup_trials} trials have SUCCEEDED, before {@code n_warmup_steps}
 *       intermediate results, or once the trial reached {@code epoch_num}.
 *   <li>The reference is the {@code percentile}-th percentile counted from the top (linear interpolation) of
 *       the final results of the trials that SUCCEEDED: their last intermediate result, else their final
 *       value. Stopped trials never lower it.
 *   <li>The outlook is the most optimistic forecast at epoch {@code epoch_num} among the learning-curve
 *       families of {@link CurveForecast} that the trial's curve does not rule out: those whose Akaike weight
 *       is at least {@link #PLAUSIBLE} of the best family's. A clean curve pins one family down; a noisy or
 *       short one leaves several standing, and the most hopeful one decides. No family fits: keep.
 *   <li>Stop when the outlook is strictly worse than the reference. For minimizing, curves are mirrored.
 * </ol>
 *
 * The verdict is a pure function of the trial and the history.
 */
public final class OutlookAssessor implements Assessor {
    /** Relative Akaike weight below which a family is ruled out (a difference in AIC of about 9.2). */
    static final double PLAUSIBLE = 0.01;

    private final int epochs;
    private final double percentile;
    private final int startupTrials;
    private final int warmupSteps;
    private final OptimizeMode mode;

    OutlookAssessor(int epochs, double percentile, int startupTrials, int warmupSteps, OptimizeMode mode) {
        this.epochs = epochs;
        this.percentile = percentile;
        this.startupTrials = startupTrials;
        this.warmupSteps = warmupSteps;
        this.mode = mode;
    }

    @Override
    public Verdict assess(Observation trial, History history) {
        List<Double> curve = trial.intermediate();
        int step = curve.size();
        if (step == 0 || step < warmupSteps || step < 2 || step >= epochs) {
            return Verdict.GOOD;
        }
        List<Double> finals = new ArrayList<>();
        for (Observation o : history.observations()) {
            if (o.outcome() != Observation.Outcome.SUCCEEDED || o.parameterId() == trial.parameterId()) {
                continue;
            }
            List<Double> other = o.intermediate();
            Double last = other.isEmpty() ? o.value() : other.get(other.size() - 1);
            if (last != null && !last.isNaN()) {
                finals.add(last);
            }
        }
        if (finals.isEmpty() || finals.size() < startupTrials) {
            return Verdict.GOOD;
        }
        boolean maximize = mode == OptimizeMode.MAXIMIZE;
        double reference = percentileFromTop(finals, percentile, maximize);
        double outlook = outlook(curve, maximize);
        if (Double.isNaN(outlook)) {
            return Verdict.GOOD;
        }
        return mode.isBetter(reference, outlook) ? Verdict.BAD : Verdict.GOOD;
    }

    /**
     * The most optimistic forecast among the curve families the data do not rule out: Akaike weight at least
     * {@link #PLAUSIBLE} of the best family's. NaN when no family fits.
     */
    private double outlook(List<Double> curve, boolean maximize) {
        List<Double> oriented = maximize ? curve : curve.stream().map(v -> -v).toList();
        double best = Double.NaN;
        for (CurveForecast.FamilyForecast f : CurveForecast.families(oriented, epochs)) {
            if (f.relativeWeight() >= PLAUSIBLE && (Double.isNaN(best) || f.forecast() > best)) {
                best = f.forecast();
            }
        }
        return maximize || Double.isNaN(best) ? best : -best;
    }

    private static double percentileFromTop(List<Double> values, double q, boolean maximize) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double fromBottom = maximize ? 100.0 - q : q;
        double rank = fromBottom / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
    }
}
