package dev.sibyl.server.trial;

import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks parameter sets given by users (customized trials, imported data) against an experiment's current
 * search space. A space in NNI's standard format is enforced: every parameter present, nothing extra, every
 * value inside its dimension. Two kinds of space cannot be checked and accept any parameter object: one Sibyl
 * cannot read as standard (a custom tuner's own format), and BatchTuner's, whose single choice lists whole
 * parameter sets rather than one parameter's values.
 */
public final class ParameterCheck {
    static final String BATCH_TUNER = "BatchTuner";

    private ParameterCheck() {}

    /**
     * The problems of {@code parameters} for this experiment, each named by its field under {@code root}
     * ({@code parameters.lr}); empty when they are valid.
     */
    public static List<FieldError> problems(ExperimentEntity experiment, Map<String, ?> parameters, String root) {
        if (BATCH_TUNER.equals(tunerName(experiment))) {
            return List.of();
        }
        return problems(experiment.searchSpace, parameters, root);
    }

    /** The problems of {@code parameters} in a standard NNI search space; see {@link #problems(ExperimentEntity, Map, String)}. */
    public static List<FieldError> problems(Object searchSpace, Map<String, ?> parameters, String root) {
        SearchSpace space;
        try {
            space = SearchSpace.parse(searchSpace);
        } catch (InvalidInputException e) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        for (String problem : space.check(parameters, root)) {
            // SearchSpace reports "path: message".
            int colon = problem.indexOf(": ");
            errors.add(
                    colon < 0
                            ? new FieldError(root, problem)
                            : new FieldError(problem.substring(0, colon), problem.substring(colon + 2)));
        }
        return errors;
    }

    private static String tunerName(ExperimentEntity experiment) {
        Object tuner = experiment.config == null ? null : experiment.config.get("tuner");
        return tuner instanceof Map<?, ?> section && section.get("name") != null
                ? String.valueOf(section.get("name"))
                : null;
    }
}
