package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.JsonTypes;
import dev.sibyl.tuner.testkit.TunerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An advisor in a host: Hyperband, which answers short while a rung runs and injects {@code TRIAL_BUDGET}, passes
 * the contract suite through the plain tuner protocol, replay included. Advisor plugins need no protocol of their
 * own.
 */
class HostedHyperbandContractTest extends TunerContract {
    private static final String BUDGET = "TRIAL_BUDGET";
    private static final PluginHostPool POOL =
            new PluginHostPool(HostClasspath.current(), HostLimits.DEFAULT, 4, 2, Duration.ofMinutes(5));
    private static final TunerFactory FACTORY =
            new HostedTunerFactory("Hyperband", List.of(), "Hyperband", POOL.builtin("contract-tenant"));

    @Override
    protected TunerFactory factory() {
        return FACTORY;
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "R", 9, "eta", 3, "exec_mode", "parallelism");
    }

    @Override
    protected int propertyExamples() {
        return 10;
    }

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }

    @Override
    protected List<String> problems(Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        List<String> out = budgetProblems(parameters);
        out.addAll(space.check(withoutBudget(parameters)));
        return out;
    }

    @Override
    protected List<String> typeProblems(
            Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        List<String> out = budgetProblems(parameters);
        out.addAll(JsonTypes.problems(space, withoutBudget(parameters)));
        return out;
    }

    private static List<String> budgetProblems(Map<String, Object> parameters) {
        List<String> out = new ArrayList<>();
        Object budget = parameters.get(BUDGET);
        if (!(budget instanceof Integer || budget instanceof Long) || ((Number) budget).longValue() <= 0) {
            out.add("TRIAL_BUDGET must be a positive integer after the round trip, got " + budget);
        }
        return out;
    }

    private static Map<String, Object> withoutBudget(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>(parameters);
        out.remove(BUDGET);
        return out;
    }
}
