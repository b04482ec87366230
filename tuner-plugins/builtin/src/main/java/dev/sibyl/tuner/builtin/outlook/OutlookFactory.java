package dev.sibyl.tuner.builtin.outlook;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Set;

/**
 * {@code Outlook} (Sibyl's own rule; see {@link OutlookAssessor}). classArgs: {@code epoch_num} (required,
 * 1..9999: the number of intermediate results a full trial reports), {@code percentile} (0..100, 25.0, as
 * Optuna's percentile pruner), {@code n_startup_trials} (5), {@code n_warmup_steps} (5), {@code optimize_mode}
 * (maximize).
 */
public final class OutlookFactory implements AssessorFactory {
    private static final Set<String> ACCEPTED =
            Set.of("epoch_num", "percentile", "n_startup_trials", "n_warmup_steps", "optimize_mode");

    @Override
    public String name() {
        return "Outlook";
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        return check(classArgs).violations();
    }

    @Override
    public Assessor create(Settings classArgs) {
        check(classArgs).throwIfAny();
        return new OutlookAssessor(
                classArgs.getInt("epoch_num", 0),
                classArgs.getDouble("percentile", 25.0),
                classArgs.getInt("n_startup_trials", 5),
                classArgs.getInt("n_warmup_steps", 5),
                classArgs.optimizeMode(OptimizeMode.MAXIMIZE));
    }

    private static ClassArgsCheck check(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        String path = classArgs.path();
        check.require(classArgs.has("epoch_num"), path + ".epoch_num", "is required (the epoch a full trial reaches)");
        check.integer(classArgs, "epoch_num", 1, 1, 9999);
        double percentile = check.number(classArgs, "percentile", 25.0, 0.0, false);
        check.require(percentile <= 100.0, path + ".percentile", "must be between 0 and 100, got " + percentile);
        check.integer(classArgs, "n_startup_trials", 5, 1, Integer.MAX_VALUE);
        check.integer(classArgs, "n_warmup_steps", 5, 0, 9999);
        check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), null);
        return check;
    }
}
