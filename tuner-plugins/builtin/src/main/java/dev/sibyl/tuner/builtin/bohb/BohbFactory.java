package dev.sibyl.tuner.builtin.bohb;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;

/** {@code BOHB} (an NNI advisor); see {@link BohbTuner} for the algorithm and {@link BohbArgs} for classArgs. */
public final class BohbFactory implements TunerFactory {
    @Override
    public String name() {
        return "BOHB";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        BohbArgs.read(classArgs, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck();
        BohbArgs args = BohbArgs.read(classArgs, check);
        check.throwIfAny();
        return new BohbTuner(space, args, args.seed().orElse(seed));
    }
}
