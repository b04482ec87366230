package dev.sibyl.tuner.builtin.patient;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Set;

/**
 * {@code Patient} (Optuna's {@code PatientPruner} without a wrapped pruner; see {@link PatientAssessor}).
 * classArgs: {@code patience} (required, integer ≥ 0), {@code min_delta} (≥ 0, 0.0), {@code optimize_mode}
 * (maximize).
 */
public final class PatientFactory implements AssessorFactory {
    private static final Set<String> ACCEPTED = Set.of("patience", "min_delta", "optimize_mode");

    @Override
    public String name() {
        return "Patient";
    }

    @Override
    public List<String> aliases() {
        return List.of("PatientPruner");
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        return check(classArgs).violations();
    }

    @Override
    public Assessor create(Settings classArgs) {
        check(classArgs).throwIfAny();
        return new PatientAssessor(
                classArgs.getInt("patience", 0),
                classArgs.getDouble("min_delta", 0.0),
                classArgs.optimizeMode(OptimizeMode.MAXIMIZE));
    }

    private static ClassArgsCheck check(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        check.require(classArgs.has("patience"), classArgs.path() + ".patience", "is required");
        check.integer(classArgs, "patience", 0, 0, Integer.MAX_VALUE);
        check.number(classArgs, "min_delta", 0.0, 0.0, false);
        check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), null);
        return check;
    }
}
