package dev.sibyl.server.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCheckTest {
    private static ExperimentEntity experiment(String tuner, Object space) {
        ExperimentEntity e = new ExperimentEntity();
        e.config = Map.of("tuner", Map.of("name", tuner));
        e.searchSpace = space;
        return e;
    }

    private static final Map<String, Object> SPACE = new LinkedHashMap<>(Map.of(
            "lr", Map.of("_type", "loguniform", "_value", List.of(0.0001, 0.1)),
            "layers", Map.of("_type", "randint", "_value", List.of(1, 4))));

    @Test
    void namesEachParameterThatDoesNotFit() {
        List<FieldError> errors = ParameterCheck.problems(
                experiment("TPE", SPACE), Map.of("lr", 0.5, "layers", 2, "dropout", 0.1), "parameters");

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("parameters.lr", "parameters.dropout");
        assertThat(errors).extracting(FieldError::message).allMatch(m -> !m.startsWith("parameters"));
    }

    @Test
    void acceptsParametersInsideTheSpace() {
        assertThat(ParameterCheck.problems(experiment("TPE", SPACE), Map.of("lr", 0.01, "layers", 3), "parameters"))
                .isEmpty();
    }

    @Test
    void leavesBatchTunerAndNonStandardSpacesUnchecked() {
        Map<String, Object> batch = Map.of(
                "combine_params", Map.of("_type", "choice", "_value", List.of(Map.of("lr", 0.1), Map.of("lr", 0.2))));
        Map<String, Object> nas = Map.of("cell", Map.of("_type", "layer_choice", "_value", List.of("conv", "pool")));

        assertThat(ParameterCheck.problems(experiment("BatchTuner", batch), Map.of("lr", 0.3), "parameters"))
                .isEmpty();
        assertThat(ParameterCheck.problems(experiment("MyNasStrategy", nas), Map.of("cell", "conv"), "parameters"))
                .isEmpty();
    }
}
