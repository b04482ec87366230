package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.Map;

class TpeContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("TPE").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize");
    }
}
