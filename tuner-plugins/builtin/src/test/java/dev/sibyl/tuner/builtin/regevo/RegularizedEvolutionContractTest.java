package dev.sibyl.tuner.builtin.regevo;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

class RegularizedEvolutionContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("RegularizedEvolutionTuner").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("population_size", 8, "sample_size", 3);
    }
}
