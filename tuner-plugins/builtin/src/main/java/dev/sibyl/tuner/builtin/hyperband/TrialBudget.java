package dev.sibyl.tuner.builtin.hyperband;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The {@code TRIAL_BUDGET} key the multi-fidelity advisors (Hyperband, BOHB, ASHA) add to every parameter set
 * they propose, exactly as NNI's advisors do. A trial reads it next to its hyperparameters and trains for that
 * much resource (epochs, mini-batches, seconds: its meaning is up to the trial):
 *
 * <pre>{@code
 * params = nni.get_next_parameter()
 * epochs = params['TRIAL_BUDGET']
 * ... train for `epochs`, then nni.report_final_result(accuracy)
 * }</pre>
 *
 * A promotion to a larger budget is a new trial with the same configuration and a larger {@code TRIAL_BUDGET};
 * the trial starts from scratch (or from its own checkpoint) and reports a final result for that budget.
 */
public final class TrialBudget {
    /** The key, as in NNI ({@code _KEY = 'TRIAL_BUDGET'}). */
    public static final String KEY = "TRIAL_BUDGET";

    private TrialBudget() {}

    /** The budget a parameter set carries, when it carries a finite positive number under {@link #KEY}. */
    public static OptionalDouble of(Map<String, ?> parameters) {
        Object v = parameters.get(KEY);
        if (v instanceof Number n && !(v instanceof Boolean)) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d > 0) {
                return OptionalDouble.of(d);
            }
        }
        return OptionalDouble.empty();
    }

    /** The configuration alone: {@code parameters} without {@link #KEY}. */
    public static Map<String, Object> strip(Map<String, ?> parameters) {
        Map<String, Object> out = new LinkedHashMap<>(parameters);
        out.remove(KEY);
        return out;
    }

    /** {@code configuration} with {@link #KEY} set to {@code budget} (last key, as NNI appends it). */
    public static Map<String, Object> with(Map<String, ?> configuration, Number budget) {
        Map<String, Object> out = new LinkedHashMap<>(configuration);
        out.remove(KEY);
        out.put(KEY, budget);
        return out;
    }

    /**
     * A budget as a JSON number: an integer ({@code Long}) when {@code value} is one, else a float. NNI's
     * Hyperband and BOHB always floor their budgets to integers; ASHA's are {@code min_budget * eta^k}.
     */
    public static Number number(double value) {
        double r = Math.rint(value);
        if (Math.abs(value - r) <= 1e-9 * Math.max(1, Math.abs(value)) && Math.abs(r) < 9.0e15) {
            return (long) r;
        }
        return value;
    }
}
