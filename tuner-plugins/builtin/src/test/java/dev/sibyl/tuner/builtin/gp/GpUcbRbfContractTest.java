package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class GpUcbRbfContractTest extends NumericSpaceContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("GP").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of(
                "optimize_mode",
                "minimize",
                "cold_start_num",
                3,
                "utility",
                "ucb",
                "nu",
                "inf",
                "selection_num_warm_up",
                300,
                "selection_num_starting_points",
                2);
    }
}
