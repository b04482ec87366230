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
 * @param fairShareDebt what it held beyond its fair share, decayed ({@link FairShareDebts}): the decayed
 *     average of its share of the cluster's GPUs minus its weighted max-min share capped by its demand;
 *     negative while it has had less than its share. Scaled by {@link Settings#debtWeight()}, it puts a tenant
 *     that fell behind ahead until it has caught up (ADR 0029)
 */
public record Tenant(String id, double weight, Map<String, Quota> quotas, double decayedUsage, double fairShareDebt) {
    /** A tenant that owes and is owed nothing. */
    public Tenant(String id, double weight, Map<String, Quota> quotas, double decayedUsage) {
        this(id, weight, quotas, decayedUsage, 0);
    }

    public Tenant {
        Objects.requireNonNull(id, "id");
        quotas = Map.copyOf(quotas);
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("tenant " + id + " needs a positive weight, not " + weight);
        }
        if (decayedUsage < 0 || Double.isNaN(decayedUsage)) {
            throw new IllegalArgumentException("tenant " + id + " has negative past usage " + decayedUsage);
        }
        if (!Double.isFinite(fairShareDebt)) {
            throw new IllegalArgumentException("tenant " + id + " has a fair-share debt of " + fairShareDebt);
        }
    }

    /** This tenant owing {@code debt}. */
    public Tenant withDebt(double debt) {
        return new Tenant(id, weight, quotas, decayedUsage, debt);
    }

    public Quota quotaIn(String pool) {
        return quotas.getOrDefault(pool, Quota.BORROW_ONLY);
    }
}
