package dev.sibyl.tuner.builtin.evolution;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

/** The contract again with NNI's defaults (population 32) and a short population for the long runs. */
class EvolutionDefaultsContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("evolution").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize", "seed", 5);
    }

    @Override
    protected int rounds() {
        return 60;
    }
}
