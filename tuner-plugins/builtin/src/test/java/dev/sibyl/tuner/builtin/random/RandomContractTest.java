package dev.sibyl.tuner.builtin.random;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

class RandomContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Random").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize");
    }
}
