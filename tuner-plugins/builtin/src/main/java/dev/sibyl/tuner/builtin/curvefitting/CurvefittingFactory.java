package dev.sibyl.tuner.builtin.curvefitting;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code Curvefitting} (see {@link CurvefittingAssessor}). classArgs as NNI: {@code epoch_num} (required,
 * 1..9999; NNI's validator requires it although its constructor defaults to 20), {@code start_step} (0..9999,
 * 6), {@code threshold} (0..9999, 0.95), {@code gap} (1..9999, 1). {@code optimize_mode} is accepted only as
 * {@code maximize}: the rule compares a forecast with a fraction of the best result, which only means
 * something for a metric to maximize.
 */
public final class CurvefittingFactory implements AssessorFactory {
    private static final Set<String> ACCEPTED = Set.of("epoch_num", "start_step", "threshold", "gap", "optimize_mode");

    @Override
    public String name() {
        return "Curvefitting";
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        return check(classArgs).violations();
    }

    @Override
    public Assessor create(Settings classArgs) {
        check(classArgs).throwIfAny();
        return new CurvefittingAssessor(
                classArgs.getInt("epoch_num", 20),
                classArgs.getInt("start_step", 6),
                classArgs.getDouble("threshold", 0.95),
                classArgs.getInt("gap", 1));
    }

    private static ClassArgsCheck check(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        String path = classArgs.path();
        check.require(classArgs.has("epoch_num"), path + ".epoch_num", "is required (the epoch to forecast)");
        check.integer(classArgs, "epoch_num", 20, 1, 9999);
        check.integer(classArgs, "start_step", 6, 0, 9999);
        double threshold = check.number(classArgs, "threshold", 0.95, 0.0, false);
        check.require(threshold <= 9999, path + ".threshold", "must be between 0 and 9999, got " + threshold);
        check.integer(classArgs, "gap", 1, 1, 9999);
        String mode = check.read(() -> classArgs.getString("optimize_mode", "maximize"), "maximize");
        check.require(
                "maximize".equals(mode.trim().toLowerCase(Locale.ROOT)),
                path + ".optimize_mode",
                "Curvefitting supports only 'maximize' (as NNI), got '" + mode + "'");
        return check;
    }
}
