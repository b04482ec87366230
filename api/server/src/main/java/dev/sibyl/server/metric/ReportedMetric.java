package dev.sibyl.server.metric;

import java.util.Objects;

/**
 * One metric as a trial reported it (NNI's metric record: {@code parameter_id, trial_job_id, type,
 * sequence, value}).
 *
 * @param valueJson the metric itself as JSON text (a number, or an object with {@code default}); may hold
 *     NaN or Infinity as NNI allows
 * @param reward the scalar reward extracted from the value, or null when it has none
 */
public record ReportedMetric(
        String trialId, Long parameterId, MetricType type, int sequence, String valueJson, Double reward) {
    public ReportedMetric {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(valueJson, "valueJson");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0");
        }
    }
}
