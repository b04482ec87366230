package dev.sibyl.scheduler.fairshare;

import java.util.Objects;

/**
 * A tenant's share of one pool, as in Kueue: {@code nominal} is guaranteed (borrowers are
 * preempted to give it back), and on top of it the tenant may borrow idle capacity up to
 * {@code borrowingLimit}.
 */
public record Quota(Resources nominal, Resources borrowingLimit) {
    /** What a tenant gets in a pool its quotas do not mention: nothing guaranteed, any idle capacity. */
    public static final Quota BORROW_ONLY = new Quota(Resources.NONE, Resources.UNLIMITED);

    public Quota {
        Objects.requireNonNull(nominal, "nominal");
        Objects.requireNonNull(borrowingLimit, "borrowingLimit");
    }

    /** The most the tenant may hold in the pool. */
    public Resources ceiling() {
        return nominal.plus(borrowingLimit);
    }
}
