package dev.sibyl.tuner.builtin.cmaes;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
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
 * {@code CMAES} (aliases {@code CmaEs}, {@code CMA-ES}; Sibyl's own, NNI has none): classArgs {@code
 * optimize_mode} (default {@code minimize}), {@code seed}, {@code sigma0} (initial step size as a fraction of
 * each range, in (0, 1], default 1/6 as Optuna's {@code min range / 6}: on the public benchmark suite 0.3
 * converged too slowly within 100 trials, see {@code docs/benchmarks/evolution.md}) and {@code popsize} (at least 2; default {@code 4 + floor(3 ln d)}, d the
 * number of numeric parameters). See {@link CmaesTuner}.
 */
public final class CmaesFactory implements TunerFactory {
    static final double DEFAULT_SIGMA0 = 1.0 / 6;
    static final int MAX_POPSIZE = 10_000;

    @Override
    public String name() {
        return "CMAES";
    }

    @Override
    public List<String> aliases() {
        return List.of("CmaEs", "CMA-ES");
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
        return new CmaesTuner(
                space, args.mode(), args.sigma0(), args.popsize(), args.seed().orElse(seed));
    }

    private record Args(OptimizeMode mode, Optional<Long> seed, double sigma0, Optional<Integer> popsize) {}

    private static Args read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "seed", "sigma0", "popsize"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MINIMIZE), OptimizeMode.MINIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        double sigma0 = check.number(classArgs, "sigma0", DEFAULT_SIGMA0, 0, true);
        if (sigma0 > 1) {
            check.require(
                    false, classArgs.path() + ".sigma0", "must be at most 1 (a fraction of the range), got " + sigma0);
            sigma0 = DEFAULT_SIGMA0;
        }
        Optional<Integer> popsize = Optional.empty();
        if (classArgs.has("popsize")) {
            popsize = Optional.of((int) check.integer(classArgs, "popsize", 4, 2, MAX_POPSIZE));
        }
        return new Args(mode, seed, sigma0, popsize);
    }
}
