package dev.sibyl.server.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sibyl.server.driver.PostgresExperimentStore.ImportedResult;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.server.trial.ParameterCheck;
import dev.sibyl.tuner.spi.Reward;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Validation of NNI's import-data: results obtained elsewhere ({@code [{"parameter": {...}, "value":
 * <metric>}]}), which the experiment's store keeps as prior history of the tuner. As in NNI's dispatcher,
 * {@code value} may be the metric itself or its JSON text (what NNI's own export writes).
 */
public final class ImportDataCheck {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    /**
     * Validates every entry against the search space; all problems are reported together.
     *
     * @throws ProblemException 400 naming each offending field ({@code [2].parameter.lr}, {@code [0].value})
     */
    private ImportDataCheck() {}

    public static List<ImportedResult> validate(JsonNode body, ExperimentEntity experiment) {
        return validate(body, (parameters, root) -> ParameterCheck.problems(experiment, parameters, root));
    }

    /**
     * @param check the problems of one parameter set, named under the given root
     * @throws ProblemException 400 naming each offending field
     */
    static List<ImportedResult> validate(
            JsonNode body, BiFunction<Map<String, Object>, String, List<FieldError>> check) {
        if (body == null || !body.isArray()) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST, "body", "must be a JSON array of {\"parameter\", \"value\"} objects");
        }
        List<FieldError> errors = new ArrayList<>();
        List<ImportedResult> results = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String at = "[" + i + "]";
            JsonNode entry = body.get(i);
            if (!entry.isObject()) {
                errors.add(new FieldError(at, "must be an object with parameter and value"));
                continue;
            }
            JsonNode parameter = entry.get("parameter");
            Map<String, Object> parameters = null;
            if (parameter == null || !parameter.isObject()) {
                errors.add(new FieldError(at + ".parameter", "must be an object of parameter values"));
            } else {
                parameters = JSON.convertValue(parameter, OBJECT);
                errors.addAll(check.apply(parameters, at + ".parameter"));
            }
            Optional<String> value = metricText(entry.get("value"));
            Double reward = value.flatMap(ImportDataCheck::reward).orElse(null);
            if (reward == null) {
                errors.add(new FieldError(
                        at + ".value", "must be a finite number or an object with a finite numeric \"default\""));
            }
            if (parameters != null && reward != null) {
                results.add(new ImportedResult(parameters, value.get(), reward));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")),
                    errors);
        }
        return results;
    }

    /** The metric's JSON text: a string is taken as JSON text already (NNI's export form). */
    private static Optional<String> metricText(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isTextual() ? value.textValue() : value.toString());
    }

    private static Optional<Double> reward(String valueJson) {
        try {
            Object metric = JSON.readValue(valueJson, Object.class);
            return Reward.scalar(metric).filter(Double::isFinite);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
