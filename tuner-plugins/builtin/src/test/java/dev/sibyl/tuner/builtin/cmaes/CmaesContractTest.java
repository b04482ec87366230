package dev.sibyl.tuner.builtin.cmaes;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

class CmaesContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("CMA-ES").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of();
    }
}
