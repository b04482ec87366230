package dev.sibyl.scheduler.fairshare;

import java.util.Map;
import java.util.Objects;

/**
 * A tenant as the scheduler sees it.
 *
 * @param weight its fair-share weight; twice the weight, twice the share
 * @param quotas per pool name; a pool not listed gets {@link Quota#BORROW_ONLY}
 * @param decayedUsage past dominant-share usage, decayed with {@link DecayedUsage}; added to the
 *     current share (scaled by {@link Settings#pastUsageWeight()}) so a tenant that has just had a
 *     lot waits a little
 */
public record Tenant(String id, double weight, Map<String, Quota> quotas, double decayedUsage) {
    public Tenant {
        Objects.requireNonNull(id, "id");
        quotas = Map.copyOf(quotas);
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("tenant " + id + " needs a positive weight, not " + weight);
        }
        if (decayedUsage < 0 || Double.isNaN(decayedUsage)) {
            throw new IllegalArgumentException("tenant " + id + " has negative past usage " + decayedUsage);
        }
    }

    public Quota quotaIn(String pool) {
        return quotas.getOrDefault(pool, Quota.BORROW_ONLY);
    }
}
