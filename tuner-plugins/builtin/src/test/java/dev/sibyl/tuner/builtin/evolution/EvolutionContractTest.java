package dev.sibyl.tuner.builtin.evolution;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

class EvolutionContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Evolution").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("population_size", 6);
    }
}
