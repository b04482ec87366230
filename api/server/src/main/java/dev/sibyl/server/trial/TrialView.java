package dev.sibyl.server.trial;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A trial as the API shows it (docs/api.md, {@code Trial}).
 *
 * @param parameterId NNI parameter id; null for customized trials
 * @param parameterSource NNI's {@code parameter_source}: algorithm, customized or resumed
 * @param finalMetric the decoded FINAL metric (a number, or an object with {@code default}); null until reported
 * @param intermediateCount how many PERIODICAL metrics the trial reported
 * @param queue for a trial waiting for the pool scheduler: its place in the queue and why it waits; else null
 * @param requeuedFrom the trial this one runs again after the pool preempted it or lost its machine; else null
 */
public record TrialView(
        String id,
        long sequenceId,
        Long parameterId,
        String parameterSource,
        String status,
        Map<String, Object> parameters,
        Instant startedAt,
        Instant endedAt,
        String message,
        JsonNode finalMetric,
        long intermediateCount,
        Queue queue,
        String requeuedFrom) {
    /** Where a waiting trial stands in its pool's queue, as of the scheduler's last pass. */
    public record Queue(int position, String reason) {}
}
