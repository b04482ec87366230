package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.JsonTypes;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tuner contract for the multi-fidelity advisors: a proposal is a parameter set of the space plus exactly one
 * extra key, {@code TRIAL_BUDGET}, a positive JSON number (an integer when {@code integerBudgets}). The advisors
 * sample forever, so the exhaustion test is skipped.
 */
public abstract class BudgetedContract extends TunerContract {

    /** Whether every budget must be a JSON integer (Hyperband and BOHB floor their budgets, as NNI). */
    protected abstract boolean integerBudgets();

    @Override
    protected List<String> problems(Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        List<String> out = new ArrayList<>(budgetProblems(parameters));
        out.addAll(space.check(TrialBudget.strip(parameters)));
        return out;
    }

    @Override
    protected List<String> typeProblems(
            Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        List<String> out = new ArrayList<>(budgetProblems(parameters));
        out.addAll(JsonTypes.problems(space, TrialBudget.strip(parameters)));
        return out;
    }

    private List<String> budgetProblems(Map<String, Object> parameters) {
        Object budget = parameters.get(TrialBudget.KEY);
        if (!(budget instanceof Number n) || budget instanceof Boolean || !(n.doubleValue() > 0)) {
            return List.of("TRIAL_BUDGET must be a positive number, got " + budget);
        }
        if (integerBudgets() && !(budget instanceof Long || budget instanceof Integer)) {
            return List.of("TRIAL_BUDGET must be an integer, got " + budget);
        }
        return List.of();
    }

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }
}
