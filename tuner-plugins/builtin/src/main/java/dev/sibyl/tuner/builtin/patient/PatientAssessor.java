package dev.sibyl.tuner.builtin.patient;

import dev.sibyl.tuner.builtin.percentile.OptunaSteps;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.List;

/**
 * {@code Patient}: Optuna's {@code PatientPruner} under a Sibyl name, standing alone (Optuna's wraps another
 * pruner and asks it once patience has run out; Sibyl's wraps none, so running out of patience stops the
 * trial). It judges a trial by its own curve only; other trials do not matter. This is the classic early
 * stopping on a plateau (Prechelt 1998, "Early Stopping — But When?").
 *
 * <ol>
 *   <li>With {@code patience + 1} intermediate results or fewer, keep.
 *   <li>Split the curve into the last {@code patience + 1} results and the ones before them.
 *   <li>Stop when the best of the earlier results beats the best of the recent ones by more than {@code
 *       min_delta} (maximize: {@code max(before) - min_delta > max(recent)}; minimize: {@code min(before) +
 *       min_delta < min(recent)}); NaN results are ignored.
 * </ol>
 */
public final class PatientAssessor implements Assessor {
    private final int patience;
    private final double minDelta;
    private final OptimizeMode mode;

    PatientAssessor(int patience, double minDelta, OptimizeMode mode) {
        this.patience = patience;
        this.minDelta = minDelta;
        this.mode = mode;
    }

    @Override
    public Verdict assess(Observation trial, History history) {
        List<Double> curve = trial.intermediate();
        if (curve.size() <= patience + 1) {
            return Verdict.GOOD;
        }
        int split = curve.size() - patience - 1;
        boolean maximize = mode == OptimizeMode.MAXIMIZE;
        double before = OptunaSteps.best(curve.subList(0, split), maximize);
        double recent = OptunaSteps.best(curve.subList(split, curve.size()), maximize);
        boolean stalled = maximize ? before - minDelta > recent : before + minDelta < recent;
        return stalled ? Verdict.BAD : Verdict.GOOD;
    }
}
