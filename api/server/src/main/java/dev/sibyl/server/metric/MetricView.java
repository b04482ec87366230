package dev.sibyl.server.metric;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One reported metric as the API shows it (docs/api.md, {@code Metric}).
 *
 * @param value the decoded metric: a number, or an object with {@code default}; NaN and ±Infinity are the
 *     strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}
 * @param timestamp when the server stored it
 */
public record MetricView(
        String trialId, Long parameterId, String type, int sequence, JsonNode value, Instant timestamp) {}
