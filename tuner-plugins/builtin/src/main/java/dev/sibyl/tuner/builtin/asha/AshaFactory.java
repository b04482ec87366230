package dev.sibyl.tuner.builtin.asha;

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
 * {@code ASHA} (Sibyl only; NNI has no ASHA): classArgs {@code optimize_mode} ({@code maximize}), {@code
 * min_budget} (1), {@code max_budget} (81), {@code eta} (3) and {@code seed}. See {@link AshaTuner}.
 */
public final class AshaFactory implements TunerFactory {
    static final Set<String> ACCEPTED = Set.of("optimize_mode", "min_budget", "max_budget", "eta", "seed");

    /** Validated classArgs. */
    record Args(OptimizeMode mode, double minBudget, double maxBudget, int eta, Optional<Long> seed) {}

    @Override
    public String name() {
        return "ASHA";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        read(classArgs, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        Args args = read(classArgs, check);
        check.throwIfAny();
        return new AshaTuner(space, args, Seeds.resolve(classArgs, seed));
    }

    static Args read(Settings classArgs, ClassArgsCheck check) {
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        double min = check.number(classArgs, "min_budget", 1, 0, true);
        double max = check.number(classArgs, "max_budget", 81, 0, true);
        check.require(max >= min, classArgs.path() + ".max_budget", "must be >= min_budget (" + min + "), got " + max);
        long eta = check.integer(classArgs, "eta", 3, 2, 1_000_000L);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        return new Args(mode, min, Math.max(min, max), (int) eta, seed);
    }
}
