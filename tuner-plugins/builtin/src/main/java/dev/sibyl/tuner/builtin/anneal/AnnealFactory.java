package dev.sibyl.tuner.builtin.anneal;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Anneal}: classArgs {@code optimize_mode} (default {@code minimize}, as NNI's hyperopt-based tuner) and
 * {@code seed}. NNI's legacy {@code parallel_optimize} (a boolean) and {@code constant_liar_type} ({@code min},
 * {@code max} or {@code mean}) are checked and then ignored: annealing draws around completed trials only, so
 * pending ones need no lie. See {@link AnnealTuner}.
 */
public final class AnnealFactory implements TunerFactory {
    @Override
    public String name() {
        return "Anneal";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        read(classArgs, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck();
        Args args = read(classArgs, check);
        check.throwIfAny();
        return new AnnealTuner(space, args.mode(), args.seed().orElse(seed));
    }

    private record Args(OptimizeMode mode, Optional<Long> seed) {}

    private static Args read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "seed", "parallel_optimize", "constant_liar_type"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MINIMIZE), OptimizeMode.MINIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        check.read(() -> classArgs.getBoolean("parallel_optimize", false), false);
        String liar = check.read(() -> classArgs.getString("constant_liar_type", "min"), "min");
        check.require(
                Set.of("min", "max", "mean").contains(liar.trim().toLowerCase(Locale.ROOT)),
                classArgs.path() + ".constant_liar_type",
                "must be \"min\", \"max\" or \"mean\", got " + liar);
        return new Args(mode, seed);
    }
}
