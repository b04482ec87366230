package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

/** NNI's defaults (R = 60, eta = 3, parallelism), minimizing. */
class HyperbandDefaultsContractTest extends BudgetedContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("hyperband").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize");
    }

    @Override
    protected boolean integerBudgets() {
        return true;
    }
}
