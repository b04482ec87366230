package dev.sibyl.tuner.builtin.asha;

import dev.sibyl.tuner.builtin.hyperband.BudgetedContract;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

/** Fractional budgets (0.5, 1, 2, 4): floats where min_budget * eta^k is not an integer. */
class AshaFractionalContractTest extends BudgetedContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("asha").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize", "min_budget", 0.5, "max_budget", 4.0, "eta", 2);
    }

    @Override
    protected boolean integerBudgets() {
        return false;
    }
}
