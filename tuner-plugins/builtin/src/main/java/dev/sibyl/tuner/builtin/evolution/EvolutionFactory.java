package dev.sibyl.tuner.builtin.evolution;

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
 * {@code Evolution}: classArgs {@code optimize_mode} (default {@code maximize}, as NNI), {@code population_size}
 * (default 32, at least 2) and {@code seed}. See {@link EvolutionTuner}.
 */
public final class EvolutionFactory implements TunerFactory {
    static final int MAX_POPULATION = 1_000_000;

    @Override
    public String name() {
        return "Evolution";
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
        return new EvolutionTuner(
                space, args.mode(), args.populationSize(), args.seed().orElse(seed));
    }

    private record Args(OptimizeMode mode, int populationSize, Optional<Long> seed) {}

    private static Args read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "population_size", "seed"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        int population = (int) check.integer(classArgs, "population_size", 32, 2, MAX_POPULATION);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        return new Args(mode, population, seed);
    }
}
