package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class GpContractTest extends NumericSpaceContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("GP").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of(
                "optimize_mode", "maximize",
                "cold_start_num", 5,
                "selection_num_warm_up", 300,
                "selection_num_starting_points", 2);
    }
}
