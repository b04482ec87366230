package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Quota;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code PUT .../quota}: {@link Quota}'s fields, all optional; a missing weight is 1. */
public record QuotaRequest(
        Integer maxConcurrentGpus,
        Integer maxConcurrentTrials,
        Integer maxRunningExperiments,
        Long maxPluginStorageBytes,
        Double weight,
        Map<String, Quota.PoolQuota> pools) {

    static Quota toQuota(QuotaRequest body) {
        if (body == null) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "body", "is required");
        }
        check(body.maxConcurrentGpus(), "maxConcurrentGpus");
        check(body.maxConcurrentTrials(), "maxConcurrentTrials");
        check(body.maxRunningExperiments(), "maxRunningExperiments");
        if (body.maxPluginStorageBytes() != null && body.maxPluginStorageBytes() < 0) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "maxPluginStorageBytes", "must not be negative");
        }
        double weight = body.weight() == null ? 1 : body.weight();
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "weight", "must be a positive number");
        }
        Map<String, Quota.PoolQuota> pools = new LinkedHashMap<>();
        if (body.pools() != null) {
            for (Map.Entry<String, Quota.PoolQuota> e : body.pools().entrySet()) {
                if (e.getValue() == null) {
                    throw ProblemException.field(
                            ProblemType.INVALID_REQUEST, "pools." + e.getKey(), "must be an object");
                }
                check(e.getValue().maxConcurrentGpus(), "pools." + e.getKey() + ".maxConcurrentGpus");
                check(e.getValue().maxConcurrentTrials(), "pools." + e.getKey() + ".maxConcurrentTrials");
                check(e.getValue().nominalGpus(), "pools." + e.getKey() + ".nominalGpus");
                check(e.getValue().nominalTrials(), "pools." + e.getKey() + ".nominalTrials");
                pools.put(e.getKey(), e.getValue());
            }
        }
        return new Quota(
                body.maxConcurrentGpus(),
                body.maxConcurrentTrials(),
                body.maxRunningExperiments(),
                body.maxPluginStorageBytes(),
                weight,
                pools);
    }

    private static void check(Integer value, String field) {
        if (value != null && value < 0) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, field, "must not be negative");
        }
    }
}
