package dev.sibyl.tuner.builtin.bohb;

import dev.sibyl.tuner.builtin.hyperband.BudgetedContract;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.Map;

class BohbContractTest extends BudgetedContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("BOHB").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        // min_points_in_model 2 (raised to d + 1) and budgets 1..9 so the KDE model is used within 40 proposals.
        return Map.of(
                "optimize_mode", "maximize",
                "min_budget", 1,
                "max_budget", 9,
                "eta", 3,
                "min_points_in_model", 2,
                "num_samples", 16);
    }

    @Override
    protected int rounds() {
        return 60;
    }

    @Override
    protected boolean integerBudgets() {
        return true;
    }
}
