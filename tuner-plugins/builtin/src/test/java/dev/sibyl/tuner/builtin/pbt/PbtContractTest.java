package dev.sibyl.tuner.builtin.pbt;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.JsonTypes;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PBT adds {@code load_checkpoint_dir} and {@code save_checkpoint_dir} to every parameter set, so exactly those
 * two keys are allowed beyond the space (and must be checkpoint paths under {@code all_checkpoint_dir}); PBT
 * never runs out of proposals, so the exhaustion test does not apply.
 */
class PbtContractTest extends TunerContract {
    private static final String ROOT = "/shared/ckpt";

    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("PBT").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "all_checkpoint_dir", ROOT, "population_size", 8);
    }

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }

    @Override
    protected List<String> problems(Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        List<String> out = new ArrayList<>(checkpointProblems(parameters));
        out.addAll(space.check(hyperParameters(parameters)));
        return out;
    }

    @Override
    protected List<String> typeProblems(
            Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        return JsonTypes.problems(space, hyperParameters(parameters));
    }

    private static Map<String, Object> hyperParameters(Map<String, Object> parameters) {
        Map<String, Object> rest = new LinkedHashMap<>(parameters);
        rest.remove(PbtTuner.LOAD_KEY);
        rest.remove(PbtTuner.SAVE_KEY);
        return rest;
    }

    private static List<String> checkpointProblems(Map<String, Object> parameters) {
        List<String> out = new ArrayList<>();
        for (String key : List.of(PbtTuner.LOAD_KEY, PbtTuner.SAVE_KEY)) {
            Object dir = parameters.get(key);
            if (!(dir instanceof String s) || !s.matches(java.util.regex.Pattern.quote(ROOT) + "/\\d+/\\d+")) {
                out.add(key + ": " + dir + " is not " + ROOT + "/<member>/<generation>");
            }
        }
        return out;
    }
}
