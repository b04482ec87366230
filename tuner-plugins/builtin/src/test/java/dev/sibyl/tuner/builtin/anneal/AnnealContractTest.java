package dev.sibyl.tuner.builtin.anneal;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

class AnnealContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Anneal").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of();
    }
}
