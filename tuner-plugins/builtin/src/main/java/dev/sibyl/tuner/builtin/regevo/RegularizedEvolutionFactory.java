package dev.sibyl.tuner.builtin.regevo;

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
 * {@code RegularizedEvolutionTuner}: classArgs {@code optimize_mode} (default {@code maximize}), {@code
 * population_size} (default 100), {@code sample_size} (default 25, at most {@code population_size}) and {@code
 * seed}. See {@link RegularizedEvolutionTuner}.
 */
public final class RegularizedEvolutionFactory implements TunerFactory {
    static final int MAX_POPULATION = 1_000_000;

    @Override
    public String name() {
        return "RegularizedEvolutionTuner";
    }

    @Override
    public List<String> aliases() {
        return List.of("RegularizedEvolution");
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
        return new RegularizedEvolutionTuner(
                space,
                args.mode(),
                args.populationSize(),
                args.sampleSize(),
                args.seed().orElse(seed));
    }

    private record Args(OptimizeMode mode, int populationSize, int sampleSize, Optional<Long> seed) {}

    private static Args read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "population_size", "sample_size", "seed"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        int population = (int) check.integer(classArgs, "population_size", 100, 1, MAX_POPULATION);
        int sample = (int) check.integer(classArgs, "sample_size", 25, 1, MAX_POPULATION);
        check.require(
                sample <= population,
                classArgs.path() + ".sample_size",
                "must not exceed population_size (" + population + "), got " + sample);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        return new Args(mode, population, Math.min(sample, population), seed);
    }
}
