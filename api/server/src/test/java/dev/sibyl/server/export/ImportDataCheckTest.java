package dev.sibyl.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.driver.PostgresExperimentStore.ImportedResult;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.trial.ParameterCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportDataCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> SPACE = Map.of(
            "x", Map.of("_type", "uniform", "_value", List.of(0, 10)),
            "act", Map.of("_type", "choice", "_value", List.of("relu", "tanh")));

    private static List<ImportedResult> validate(JsonNode body) {
        return ImportDataCheck.validate(body, (parameters, root) -> ParameterCheck.problems(SPACE, parameters, root));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void acceptsNumbersDictsAndNnisJsonEncodedValues() throws Exception {
        List<ImportedResult> results = validate(json("[{\"parameter\": {\"x\": 1, \"act\": \"relu\"}, \"value\": 0.5},"
                + "{\"parameter\": {\"x\": 2, \"act\": \"tanh\"}, \"value\": {\"default\": 0.7, \"loss\": 1}},"
                + "{\"parameter\": {\"x\": 3, \"act\": \"tanh\"}, \"value\": \"0.9\"}]"));

        assertThat(results).extracting(ImportedResult::reward).containsExactly(0.5, 0.7, 0.9);
        assertThat(results)
                .extracting(ImportedResult::valueJson)
                .containsExactly("0.5", "{\"default\":0.7,\"loss\":1}", "0.9");
        assertThat(results.get(0).parameters()).containsEntry("x", 1).containsEntry("act", "relu");
    }

    @Test
    void namesEveryOffendingFieldAtOnce() throws Exception {
        JsonNode body = json("[{\"parameter\": {\"x\": 11, \"act\": \"relu\"}, \"value\": 0.5},"
                + "{\"parameter\": {\"x\": 1, \"act\": \"relu\"}, \"value\": \"oops\"},"
                + "{\"parameter\": {\"x\": 1}, \"value\": {\"loss\": 1}}, 7]");

        assertThatThrownBy(() -> validate(body))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        p -> assertThat(p.errors())
                                .extracting(FieldError::field)
                                .containsExactly(
                                        "[0].parameter.x", "[1].value", "[2].parameter.act", "[2].value", "[3]"));
    }

    @Test
    void rejectsABodyThatIsNotAnArray() throws Exception {
        JsonNode notAnArray = json("{\"parameter\": {}}");
        assertThatThrownBy(() -> validate(notAnArray))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        p -> assertThat(p.errors())
                                .extracting(FieldError::field)
                                .containsExactly("body"));
    }
}
