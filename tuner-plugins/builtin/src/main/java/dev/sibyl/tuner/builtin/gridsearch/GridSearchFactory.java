package dev.sibyl.tuner.builtin.gridsearch;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code GridSearch}: no classArgs; {@code optimize_mode} is accepted and ignored, as in NNI. */
public final class GridSearchFactory implements TunerFactory {
    @Override
    public String name() {
        return "GridSearch";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, Set.of("optimize_mode"));
        check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), null);
        List<Violation> out = new ArrayList<>(check.violations());
        if (space.isEmpty()) {
            out.add(new Violation("searchSpace", "is empty; grid search needs at least one parameter"));
        }
        return out;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new GridSearchTuner(space);
    }
}
