package dev.sibyl.server.trial;

import dev.sibyl.server.problem.FieldError;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks parameter sets given by users (customized trials, imported data) against an experiment's current
 * search space. A space in NNI's standard format is enforced: every parameter present, nothing extra, every
 * value inside its dimension. A space Sibyl cannot read as standard (a custom tuner's own format) cannot be
 * checked and accepts any parameter object.
 */
public final class ParameterCheck {
    private ParameterCheck() {}

    /**
     * The problems of {@code parameters}, each named by its field under {@code root} ({@code
     * parameters.lr}); empty when they are valid.
     */
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
}
