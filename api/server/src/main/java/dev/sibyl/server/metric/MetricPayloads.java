package dev.sibyl.server.metric;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sibyl.tuner.spi.Reward;
import java.util.Locale;

/**
 * Decodes the metric records trials send over either channel: JSON text of {@code {"parameter_id":
 * <int|null>, "trial_job_id": "...", "type": "FINAL"|"PERIODICAL", "sequence": <int>, "value": "<metric
 * JSON>"}}. NNI writes NaN and Infinity as bare tokens, so they are accepted.
 */
public final class MetricPayloads {
    /** NNI's limit on one metric payload. */
    public static final int MAX_PAYLOAD_CHARS = 1_000_000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private MetricPayloads() {}

    /**
     * @throws InvalidMetricException when the record is not a well-formed metric record
     */
    public static ReportedMetric parse(String payload) {
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            throw new InvalidMetricException("metric record is larger than " + MAX_PAYLOAD_CHARS + " characters");
        }
        JsonNode record = read(payload, "metric record");
        if (!record.isObject()) {
            throw new InvalidMetricException("metric record must be a JSON object");
        }
        JsonNode trial = record.get("trial_job_id");
        if (trial == null || !trial.isTextual()) {
            throw new InvalidMetricException("trial_job_id must be a string");
        }
        JsonNode typeNode = record.get("type");
        MetricType type;
        try {
            type = MetricType.valueOf(typeNode == null ? "" : typeNode.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidMetricException("type must be FINAL or PERIODICAL");
        }
        JsonNode sequence = record.get("sequence");
        if (sequence == null || !sequence.canConvertToInt() || sequence.asInt() < 0) {
            throw new InvalidMetricException("sequence must be a non-negative integer");
        }
        JsonNode parameterId = record.get("parameter_id");
        Long pid = parameterId == null || parameterId.isNull() ? null : parseParameterId(parameterId);
        JsonNode value = record.get("value");
        if (value == null || value.isNull()) {
            throw new InvalidMetricException("value is missing");
        }
        // NNI double-encodes: value is the metric's JSON text. Accept a bare JSON value too.
        String valueJson = value.isTextual() ? value.asText() : value.toString();
        JsonNode metric = read(valueJson, "value");
        Double reward = Reward.scalar(JSON.convertValue(metric, Object.class)).orElse(null);
        return new ReportedMetric(trial.asText(), pid, type, sequence.asInt(), valueJson, reward);
    }

    private static Long parseParameterId(JsonNode node) {
        if (node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText());
            } catch (NumberFormatException e) {
                throw new InvalidMetricException("parameter_id must be an integer or null");
            }
        }
        throw new InvalidMetricException("parameter_id must be an integer or null");
    }

    private static JsonNode read(String text, String what) {
        try {
            JsonParser parser = JSON.createParser(text);
            JsonNode node = JSON.readTree(parser);
            if (node == null || parser.nextToken() != null) {
                throw new InvalidMetricException(what + " is not a single JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidMetricException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidMetricException(what + " could not be read: " + e.getMessage());
        }
    }
}
