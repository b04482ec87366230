package dev.sibyl.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One trial with a final result, as {@code nnictl experiment export} lists it.
 *
 * @param parameters the parameters exactly as the trial received them (a JSON object)
 * @param finalValueJson the final metric as the trial reported it (JSON text, may hold NaN)
 * @param intermediateJson the intermediate metrics in sequence order (JSON texts)
 */
public record ExportedTrial(
        String trialJobId, JsonNode parameters, String finalValueJson, List<String> intermediateJson) {
    public ExportedTrial {
        Objects.requireNonNull(trialJobId, "trialJobId");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(finalValueJson, "finalValueJson");
        intermediateJson = List.copyOf(intermediateJson == null ? List.of() : intermediateJson);
    }
}
