package dev.sibyl.tuner.builtin.metis;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.builtin.gp.UnitCube;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code MetisTuner} (alias {@code Metis}); see {@link MetisTuner} for the algorithm and {@link MetisArgs} for
 * classArgs. Supports numeric {@code choice}, {@code randint}, {@code uniform} and {@code quniform}, as NNI.
 */
public final class MetisFactory implements TunerFactory {
    @Override
    public String name() {
        return "MetisTuner";
    }

    @Override
    public List<String> aliases() {
        return List.of("Metis");
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        MetisArgs.read(classArgs, check);
        List<Violation> out = new ArrayList<>(check.violations());
        out.addAll(UnitCube.violations(
                space, EnumSet.of(Numeric.Kind.UNIFORM, Numeric.Kind.QUNIFORM), true, "MetisTuner"));
        return out;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        MetisArgs args = MetisArgs.read(classArgs, new ClassArgsCheck());
        return new MetisTuner(space, args, args.seed().orElse(seed));
    }
}
