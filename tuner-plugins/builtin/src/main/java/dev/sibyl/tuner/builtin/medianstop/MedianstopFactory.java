package dev.sibyl.tuner.builtin.medianstop;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Set;

/** {@code Medianstop}: classArgs {@code optimize_mode} (default maximize) and {@code start_step} (0..9999, 0). */
public final class MedianstopFactory implements AssessorFactory {
    @Override
    public String name() {
        return "Medianstop";
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, Set.of("optimize_mode", "start_step"));
        check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), null);
        check.integer(classArgs, "start_step", 0, 0, 9999);
        return check.violations();
    }

    @Override
    public Assessor create(Settings classArgs) {
        List<Violation> violations = validate(classArgs);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new MedianstopAssessor(classArgs.optimizeMode(OptimizeMode.MAXIMIZE), classArgs.getInt("start_step", 0));
    }
}
