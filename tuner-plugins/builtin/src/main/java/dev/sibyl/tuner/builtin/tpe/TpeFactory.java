package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;

/** {@code TPE}; see {@link TpeTuner} for the algorithm and {@link TpeArgs} for classArgs. */
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
}
