package dev.sibyl.tuner.builtin.smac;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SMAC}; see {@link SmacTuner}. Accepts the types of NNI's support matrix for SMAC: {@code choice} (not
 * nested), {@code randint}, {@code uniform}, {@code quniform} and {@code loguniform}; any other type is reported
 * by {@link #validate} naming the parameter.
 */
public final class SmacFactory implements TunerFactory {
    private static final Set<Numeric.Kind> SUPPORTED =
            EnumSet.of(Numeric.Kind.UNIFORM, Numeric.Kind.QUNIFORM, Numeric.Kind.LOGUNIFORM);

    @Override
    public String name() {
        return "SMAC";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        SmacArgs.read(classArgs, check);
        checkSpace(space, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck();
        SmacArgs args = SmacArgs.read(classArgs, check);
        checkSpace(space, check);
        check.throwIfAny();
        return new SmacTuner(space, args, seed);
    }

    private static void checkSpace(SearchSpace space, ClassArgsCheck check) {
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            Dimension d = e.getValue();
            String field = "searchSpace." + e.getKey();
            if (d instanceof Choice c) {
                check.require(!c.nested(), field + "._value", "SMAC does not support nested choice");
            } else if (d instanceof Numeric n) {
                check.require(
                        SUPPORTED.contains(n.kind()),
                        field + "._type",
                        "SMAC supports choice, randint, uniform, quniform and loguniform, not " + n.type());
            }
        }
    }
}
