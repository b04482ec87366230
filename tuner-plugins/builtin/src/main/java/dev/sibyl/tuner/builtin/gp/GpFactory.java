package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
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
import java.util.Set;

/** {@code GPTuner} (alias {@code GP}); see {@link GpTuner} for the algorithm and {@link GpArgs} for classArgs. */
public final class GpFactory implements TunerFactory {
    /** The numeric types GP models, as NNI's support matrix. */
    static final Set<Numeric.Kind> KINDS =
            EnumSet.of(Numeric.Kind.UNIFORM, Numeric.Kind.QUNIFORM, Numeric.Kind.LOGUNIFORM, Numeric.Kind.QLOGUNIFORM);

    @Override
    public String name() {
        return "GPTuner";
    }

    @Override
    public List<String> aliases() {
        return List.of("GP");
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        GpArgs.read(classArgs, check);
        List<Violation> out = new ArrayList<>(check.violations());
        out.addAll(UnitCube.violations(space, KINDS, true, "GPTuner"));
        return out;
    }

    /** True when GPTuner can model every parameter of {@code space} (numeric types and options, no nesting). */
    public static boolean models(SearchSpace space) {
        return UnitCube.violations(space, KINDS, true, "GPTuner").isEmpty();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        GpArgs args = GpArgs.read(classArgs, new ClassArgsCheck());
        return new GpTuner(space, args, args.seed().orElse(seed));
    }
}
