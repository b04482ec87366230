package dev.sibyl.server.graph;

import java.util.List;

/** The read model of the GraphQL API: plain values, JSON documents as JSON text. */
final class GraphNodes {
    private GraphNodes() {}

    public record TenantNode(String slug, String name, String status, String role) {}

    public record StatusCount(String status, long count) {}

    public record ExperimentNode(
            String id,
            String name,
            String status,
            String message,
            String createdAt,
            String endedAt,
            int trialConcurrency,
            Integer maxTrialNumber,
            String optimizeMode,
            String bestTrialId,
            Double bestValue,
            String configJson,
            String searchSpaceJson,
            List<StatusCount> trialCounts) {}

    public record TrialNode(
            String experimentId,
            String id,
            long sequenceId,
            Long parameterId,
            String status,
            String parametersJson,
            String startedAt,
            String endedAt,
            String finalMetricJson,
            long intermediateCount) {}

    public record MetricNode(String trialId, String type, int sequence, String valueJson, String timestamp) {}

    public record MemberNode(long userId, String email, String name, String role) {}

    public record QuotaNode(
            Integer maxConcurrentGpus,
            Integer maxConcurrentTrials,
            Integer maxRunningExperiments,
            Long maxPluginStorageBytes,
            double weight) {}

    public record UsageNode(long runningExperiments, long concurrentTrials, long concurrentGpus) {}
}
