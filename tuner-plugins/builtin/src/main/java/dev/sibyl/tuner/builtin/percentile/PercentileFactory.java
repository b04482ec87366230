package dev.sibyl.tuner.builtin.percentile;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Set;

/**
 * {@code Percentile} (Optuna's {@code PercentilePruner}; see {@link PercentileAssessor}). classArgs: {@code
 * percentile} (0..100, 25.0), {@code n_startup_trials} (5), {@code n_warmup_steps} (0), {@code interval_steps}
 * (1), {@code n_min_trials} (1), {@code optimize_mode} (maximize).
 */
public final class PercentileFactory implements AssessorFactory {
    private static final Set<String> ACCEPTED = Set.of(
            "percentile", "n_startup_trials", "n_warmup_steps", "interval_steps", "n_min_trials", "optimize_mode");

    @Override
    public String name() {
        return "Percentile";
    }

    @Override
    public List<String> aliases() {
        return List.of("PercentilePruner");
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        return check(classArgs).violations();
    }

    @Override
    public Assessor create(Settings classArgs) {
        check(classArgs).throwIfAny();
        return new PercentileAssessor(
                classArgs.getDouble("percentile", 25.0),
                classArgs.getInt("n_startup_trials", 5),
                classArgs.getInt("n_warmup_steps", 0),
                classArgs.getInt("interval_steps", 1),
                classArgs.getInt("n_min_trials", 1),
                classArgs.optimizeMode(OptimizeMode.MAXIMIZE));
    }

    private static ClassArgsCheck check(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        double percentile = check.number(classArgs, "percentile", 25.0, 0.0, false);
        check.require(
                percentile <= 100.0, classArgs.path() + ".percentile", "must be between 0 and 100, got " + percentile);
        check.integer(classArgs, "n_startup_trials", 5, 0, Integer.MAX_VALUE);
        check.integer(classArgs, "n_warmup_steps", 0, 0, Integer.MAX_VALUE);
        check.integer(classArgs, "interval_steps", 1, 1, Integer.MAX_VALUE);
        check.integer(classArgs, "n_min_trials", 1, 1, Integer.MAX_VALUE);
        check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), null);
        return check;
    }
}
