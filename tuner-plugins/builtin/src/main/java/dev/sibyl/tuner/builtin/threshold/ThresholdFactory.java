package dev.sibyl.tuner.builtin.threshold;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Set;

/**
 * {@code Threshold} (Optuna's {@code ThresholdPruner}; see {@link ThresholdAssessor}). classArgs: {@code lower}
 * and {@code upper} (numbers, at least one of them, lower ≤ upper), {@code n_warmup_steps} (0), {@code
 * interval_steps} (1).
 */
public final class ThresholdFactory implements AssessorFactory {
    private static final Set<String> ACCEPTED = Set.of("lower", "upper", "n_warmup_steps", "interval_steps");

    @Override
    public String name() {
        return "Threshold";
    }

    @Override
    public List<String> aliases() {
        return List.of("ThresholdPruner");
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        return check(classArgs).violations();
    }

    @Override
    public Assessor create(Settings classArgs) {
        check(classArgs).throwIfAny();
        return new ThresholdAssessor(
                classArgs.getDouble("lower", Double.NEGATIVE_INFINITY),
                classArgs.getDouble("upper", Double.POSITIVE_INFINITY),
                classArgs.getInt("n_warmup_steps", 0),
                classArgs.getInt("interval_steps", 1));
    }

    private static ClassArgsCheck check(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        String path = classArgs.path();
        check.require(
                classArgs.has("lower") || classArgs.has("upper"), path, "Threshold needs 'lower', 'upper' or both");
        double lower = bound(check, classArgs, "lower", Double.NEGATIVE_INFINITY);
        double upper = bound(check, classArgs, "upper", Double.POSITIVE_INFINITY);
        check.require(lower <= upper, path + ".lower", "must not exceed upper (" + lower + " > " + upper + ")");
        check.integer(classArgs, "n_warmup_steps", 0, 0, Integer.MAX_VALUE);
        check.integer(classArgs, "interval_steps", 1, 1, Integer.MAX_VALUE);
        return check;
    }

    private static double bound(ClassArgsCheck check, Settings classArgs, String key, double absent) {
        Double value = check.read(() -> classArgs.getDouble(key, absent), null);
        if (value == null || !classArgs.has(key)) {
            return absent;
        }
        check.require(Double.isFinite(value), classArgs.path() + "." + key, "must be a finite number, got " + value);
        return Double.isFinite(value) ? value : absent;
    }
}
