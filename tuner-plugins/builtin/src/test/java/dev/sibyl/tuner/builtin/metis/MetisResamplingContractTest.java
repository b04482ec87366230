package dev.sibyl.tuner.builtin.metis;

import dev.sibyl.tuner.builtin.gp.NumericSpaceContract;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class MetisResamplingContractTest extends NumericSpaceContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Metis").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of(
                "optimize_mode",
                "minimize",
                "cold_start_num",
                5,
                "no_resampling",
                false,
                "exploration_probability",
                0.5,
                "selection_num_starting_points",
                200);
    }

    @Override
    protected boolean logTypes() {
        return false;
    }
}
