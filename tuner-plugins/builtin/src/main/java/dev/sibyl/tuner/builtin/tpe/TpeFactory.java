package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;

/**
 * {@code TPE}; see {@link TpeTuner} for the algorithm and {@link TpeArgs} for classArgs. Supports several
 * objectives (MOTPE).
 */
public final class TpeFactory implements TunerFactory {
    @Override
    public String name() {
        return "TPE";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        TpeArgs.read(classArgs, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck();
        TpeArgs args = TpeArgs.read(classArgs, check);
        check.throwIfAny();
        return new TpeTuner(space, args, args.seed().orElse(seed));
    }

    @Override
    public boolean supportsSeveralObjectives() {
        return true;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed, List<Objective> objectives) {
        List<Violation> problems = validate(classArgs, space, objectives);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        TpeArgs args = TpeArgs.read(classArgs, new ClassArgsCheck());
        return new TpeTuner(space, args, args.seed().orElse(seed), objectives);
    }
}
