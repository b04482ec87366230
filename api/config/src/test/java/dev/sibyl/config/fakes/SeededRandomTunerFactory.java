package dev.sibyl.config.fakes;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Test-only tuner "TestRandom" (alias "RandomForTests"): samples the prior, replaying the same draws for the
 * same seed and history length. Accepts classArgs {@code optimize_mode} and {@code seed} (non-negative), and
 * several objectives.
 */
public final class SeededRandomTunerFactory implements TunerFactory {
    @Override
    public String name() {
        return "TestRandom";
    }

    @Override
    public List<String> aliases() {
        return List.of("RandomForTests");
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        List<Violation> out = new ArrayList<>(classArgs.unknownKeys(Set.of("optimize_mode", "seed")));
        try {
            classArgs.optimizeMode(OptimizeMode.MINIMIZE);
        } catch (InvalidInputException e) {
            out.addAll(e.violations());
        }
        try {
            classArgs
                    .getLong("seed")
                    .filter(s -> s < 0)
                    .ifPresent(
                            s -> out.add(new Violation(classArgs.path() + ".seed", "must not be negative, got " + s)));
        } catch (InvalidInputException e) {
            out.addAll(e.violations());
        }
        return out;
    }

    /** Results never steer it, so it can search several objectives as well as one. */
    @Override
    public boolean supportsSeveralObjectives() {
        return true;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        long effectiveSeed = classArgs.getLong("seed").orElse(seed);
        return (history, count) -> {
            // draws are a function of (seed, history length), so a rebuilt tuner proposes the same sets
            RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(effectiveSeed);
            for (int i = 0; i < history.size(); i++) {
                space.sample(rng);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(space.sample(rng));
            }
            return out;
        };
    }
}
