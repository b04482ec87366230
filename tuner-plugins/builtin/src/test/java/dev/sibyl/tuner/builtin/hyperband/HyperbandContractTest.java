package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class HyperbandContractTest extends BudgetedContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Hyperband").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        // Small R so that simulated runs of 40 proposals reach promotions and several brackets.
        return Map.of("optimize_mode", "maximize", "R", 9, "eta", 3, "exec_mode", "parallelism");
    }

    @Override
    protected boolean integerBudgets() {
        return true;
    }
}
