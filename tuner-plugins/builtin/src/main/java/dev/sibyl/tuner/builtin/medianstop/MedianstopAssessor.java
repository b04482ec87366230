package dev.sibyl.tuner.builtin.medianstop;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The median stopping rule (Golovin et al. 2017, "Google Vizier", section 3.2.2), with NNI's exact details:
 *
 * <ol>
 *   <li>S is the number of intermediate results the trial has reported. Before {@code start_step} results
 *       (or with none) the trial is kept.
 *   <li>The trial's best-so-far value is the maximum (maximize) or minimum (minimize) of its results.
 *   <li>Completed trials are those that SUCCEEDED (failed, early-stopped and running trials never count).
 *       Each one that reported at least S intermediate results contributes its running average at step S:
 *       the mean of its first S results. Shorter completed trials are left out.
 *   <li>No contribution: keep. Otherwise the contributions are sorted and the median taken as NNI does: the
 *       lower middle element when maximizing, the upper middle one when minimizing.
 *   <li>Stop when the best-so-far value is strictly worse than that median.
 * </ol>
 *
 * A NNI trial's intermediate results are all seen by its assessor (it is consulted on every report), so the
 * history's intermediate results stand for NNI's recorded ones; the verdict is a pure function of the trial
 * and the history.
 */
public final class MedianstopAssessor implements Assessor {
    private final OptimizeMode mode;
    private final int startStep;

    MedianstopAssessor(OptimizeMode mode, int startStep) {
        this.mode = mode;
        this.startStep = startStep;
    }

    @Override
    public Verdict assess(Observation trial, History history) {
        List<Double> curve = trial.intermediate();
        int step = curve.size();
        if (step < startStep || step == 0) {
            return Verdict.GOOD;
        }
        double best = curve.get(0);
        for (double v : curve) {
            if (mode.isBetter(v, best)) {
                best = v;
            }
        }
        List<Double> averages = new ArrayList<>();
        for (Observation other : history.observations()) {
            if (other.outcome() == Observation.Outcome.SUCCEEDED
                    && other.parameterId() != trial.parameterId()
                    && other.intermediate().size() >= step) {
                double sum = 0;
                for (int i = 0; i < step; i++) {
                    sum += other.intermediate().get(i);
                }
                averages.add(sum / step);
            }
        }
        if (averages.isEmpty()) {
            return Verdict.GOOD;
        }
        Collections.sort(averages);
        int n = averages.size();
        double median = mode == OptimizeMode.MAXIMIZE ? averages.get((n - 1) / 2) : averages.get(n / 2);
        return mode.isBetter(median, best) ? Verdict.BAD : Verdict.GOOD;
    }
}
