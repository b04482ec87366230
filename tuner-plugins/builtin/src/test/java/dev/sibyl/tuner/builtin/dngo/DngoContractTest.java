package dev.sibyl.tuner.builtin.dngo;

import dev.sibyl.tuner.builtin.gp.NumericSpaceContract;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class DngoContractTest extends NumericSpaceContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("DNGO").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "trials_per_update", 8, "sample_size", 200);
    }
}
