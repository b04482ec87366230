package dev.sibyl.tuner.builtin.random;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Random}: classArgs {@code seed} (integer) and {@code optimize_mode} (accepted, ignored). Accepts several
 * objectives: results never steer it, so there is nothing to model; the search's result is the Pareto set of
 * what it drew ({@link dev.sibyl.tuner.spi.pareto.ParetoFront#of}).
 */
public final class RandomFactory implements TunerFactory {
    @Override
    public String name() {
        return "Random";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        return check(classArgs).violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        check(classArgs).throwIfAny();
        return new RandomTuner(space, Seeds.resolve(classArgs, seed));
    }

    @Override
    public boolean supportsSeveralObjectives() {
        return true;
    }

    private static ClassArgsCheck check(Settings classArgs) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, Set.of("seed", "optimize_mode"));
        check.read(() -> classArgs.getLong("seed"), Optional.empty());
        check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), null);
        return check;
    }
}
