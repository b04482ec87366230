package dev.sibyl.tenant;

import java.util.Map;
import java.util.Objects;

/**
 * A tenant's limits, as the API shows them and the scheduler consumes them. A null limit is unlimited.
 * {@code weight} is the tenant's fair-share weight; {@code pools} narrows the concurrent GPUs and trials per pool.
 */
public record Quota(
        Integer maxConcurrentGpus,
        Integer maxConcurrentTrials,
        Integer maxRunningExperiments,
        Long maxPluginStorageBytes,
        double weight,
        Map<String, PoolQuota> pools) {
    public static final Quota UNLIMITED = new Quota(null, null, null, null, 1, Map.of());

    public Quota {
        requireNonNegative(maxConcurrentGpus, "maxConcurrentGpus");
        requireNonNegative(maxConcurrentTrials, "maxConcurrentTrials");
        requireNonNegative(maxRunningExperiments, "maxRunningExperiments");
        if (maxPluginStorageBytes != null && maxPluginStorageBytes < 0) {
            throw new IllegalArgumentException("maxPluginStorageBytes must not be negative");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be a positive number");
        }
        pools = Map.copyOf(Objects.requireNonNullElse(pools, Map.of()));
    }

    /**
     * Limits of one tenant in one pool. The {@code max} values are the ceiling (nothing beyond, ever); the {@code
     * nominal} ones are guaranteed: the scheduler reclaims them from borrowers when the tenant has demand. What lies
     * between is borrowed from idle capacity. A null nominal guarantees nothing.
     */
    public record PoolQuota(
            Integer maxConcurrentGpus, Integer maxConcurrentTrials, Integer nominalGpus, Integer nominalTrials) {
        public PoolQuota {
            requireNonNegative(maxConcurrentGpus, "maxConcurrentGpus");
            requireNonNegative(maxConcurrentTrials, "maxConcurrentTrials");
            requireNonNegative(nominalGpus, "nominalGpus");
            requireNonNegative(nominalTrials, "nominalTrials");
            requireAtMost(nominalGpus, maxConcurrentGpus, "nominalGpus");
            requireAtMost(nominalTrials, maxConcurrentTrials, "nominalTrials");
        }

        public PoolQuota(Integer maxConcurrentGpus, Integer maxConcurrentTrials) {
            this(maxConcurrentGpus, maxConcurrentTrials, null, null);
        }

        private static void requireAtMost(Integer nominal, Integer max, String name) {
            if (nominal != null && max != null && nominal > max) {
                throw new IllegalArgumentException(name + " must not exceed its maximum");
            }
        }
    }

    static void requireNonNegative(Integer value, String name) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
