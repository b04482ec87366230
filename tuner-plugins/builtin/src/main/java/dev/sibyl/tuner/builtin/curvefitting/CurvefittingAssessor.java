package dev.sibyl.tuner.builtin.curvefitting;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code Curvefitting}: learning-curve extrapolation (Domhan, Springenberg and Hutter 2015), with NNI's
 * classArgs and decision rule; maximizing metrics only, as NNI.
 *
 * <ol>
 *   <li>The reference is the best final performance so far: the largest last intermediate result among the
 *       trials that SUCCEEDED (their final value when they reported none). Without one, keep — NNI too waits
 *       for a completed trial.
 *   <li>The trial is judged after {@code start_step} intermediate results and then every {@code gap} results
 *       ({@code (S - start_step) % gap == 0}); at other steps it is kept. NNI remembers when it last judged each
 *       trial; counting from {@code start_step} gives the same steps for trials that report one result at a
 *       time, and keeps the verdict a function of the history.
 *   <li>The curve is extrapolated to epoch {@code epoch_num} by {@link CurveForecast}; once the trial has
 *       reached that epoch its observed value there stands in. No forecast: keep.
 *   <li>Stop when the forecast is not above {@code threshold × best}.
 * </ol>
 */
public final class CurvefittingAssessor implements Assessor {
    private final int epochs;
    private final int startStep;
    private final double threshold;
    private final int gap;

    CurvefittingAssessor(int epochs, int startStep, double threshold, int gap) {
        this.epochs = epochs;
        this.startStep = startStep;
        this.threshold = threshold;
        this.gap = gap;
    }

    @Override
    public Verdict assess(Observation trial, History history) {
        List<Double> curve = trial.intermediate();
        int step = curve.size();
        if (step == 0 || step < startStep || (step - startStep) % gap != 0) {
            return Verdict.GOOD;
        }
        double best = Double.NaN;
        for (Observation o : history.observations()) {
            if (o.outcome() != Observation.Outcome.SUCCEEDED || o.parameterId() == trial.parameterId()) {
                continue;
            }
            List<Double> other = o.intermediate();
            Double last = other.isEmpty() ? o.value() : other.get(other.size() - 1);
            if (last != null && !last.isNaN() && (Double.isNaN(best) || last > best)) {
                best = last;
            }
        }
        if (Double.isNaN(best)) {
            return Verdict.GOOD;
        }
        OptionalDouble forecast =
                step >= epochs ? OptionalDouble.of(curve.get(epochs - 1)) : CurveForecast.at(curve, epochs);
        if (forecast.isEmpty() || Double.isNaN(forecast.getAsDouble())) {
            return Verdict.GOOD;
        }
        return forecast.getAsDouble() > threshold * best ? Verdict.GOOD : Verdict.BAD;
    }
}
