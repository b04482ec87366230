package dev.sibyl.tuner.builtin.percentile;

/**
 * How Sibyl maps NNI's intermediate results onto Optuna's pruning steps: the k-th intermediate result a trial
 * reported (k = 1, 2, ...) is Optuna step {@code k - 1}, because Optuna documents its warm-up as assuming
 * steps start at zero. Shared by the Optuna-style rules ({@code Percentile}, {@code Threshold}).
 */
public final class OptunaSteps {
    private OptunaSteps() {}

    /** The step of a trial that has reported {@code reports} intermediate results; -1 when none. */
    public static int lastStep(int reports) {
        return reports - 1;
    }

    /**
     * Whether {@code step} is checked: at or after {@code warmupSteps}, and the first reported step of its
     * interval ({@code warmupSteps + j * intervalSteps}). With one report per step that is {@code (step -
     * warmup) % interval == 0}; the previous report decides when a trial skipped steps.
     */
    public static boolean checked(int step, int previousStep, int warmupSteps, int intervalSteps) {
        if (step < warmupSteps) {
            return false;
        }
        int nearestLowerCheck = (step - warmupSteps) / intervalSteps * intervalSteps + warmupSteps;
        return previousStep < nearestLowerCheck;
    }

    /** The best of {@code values} ignoring NaN (max when maximizing); NaN when there is none. */
    public static double best(Iterable<Double> values, boolean maximize) {
        double best = Double.NaN;
        for (Double v : values) {
            if (v == null || v.isNaN()) {
                continue;
            }
            if (Double.isNaN(best) || (maximize ? v > best : v < best)) {
                best = v;
            }
        }
        return best;
    }
}
