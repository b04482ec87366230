package dev.sibyl.tuner.builtin.dngo;

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
 * {@code DNGOTuner} (alias {@code DNGO}); see {@link DngoTuner} for the algorithm and {@link DngoArgs} for
 * classArgs. Supports numeric {@code choice}, {@code randint}, {@code uniform}, {@code quniform}, {@code
 * loguniform} and {@code qloguniform}, as NNI.
 */
public final class DngoFactory implements TunerFactory {
    @Override
    public String name() {
        return "DNGOTuner";
    }

    @Override
    public List<String> aliases() {
        return List.of("DNGO");
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        DngoArgs.read(classArgs, check);
        List<Violation> out = new ArrayList<>(check.violations());
        out.addAll(UnitCube.violations(
                space,
                EnumSet.of(
                        Numeric.Kind.UNIFORM, Numeric.Kind.QUNIFORM, Numeric.Kind.LOGUNIFORM, Numeric.Kind.QLOGUNIFORM),
                true,
                "DNGOTuner"));
        return out;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        DngoArgs args = DngoArgs.read(classArgs, new ClassArgsCheck());
        return new DngoTuner(space, args, args.seed().orElse(seed));
    }
}
