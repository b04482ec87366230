package dev.sibyl.tuner.builtin.auto;

import dev.sibyl.tuner.builtin.gp.NumericSpaceContract;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

/** The contract on numeric spaces with a budget small enough that every run crosses the GP to CMA-ES hand-over. */
class AutoGpHandOverContractTest extends NumericSpaceContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Auto").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "maxTrialNumber", 15);
    }

    @Override
    protected int rounds() {
        return 25;
    }
}
