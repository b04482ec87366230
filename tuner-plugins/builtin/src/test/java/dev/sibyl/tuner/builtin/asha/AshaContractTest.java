package dev.sibyl.tuner.builtin.asha;

import dev.sibyl.tuner.builtin.hyperband.BudgetedContract;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class AshaContractTest extends BudgetedContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("ASHA").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "min_budget", 1, "max_budget", 27, "eta", 3, "seed", 7);
    }

    @Override
    protected boolean integerBudgets() {
        return true;
    }
}
