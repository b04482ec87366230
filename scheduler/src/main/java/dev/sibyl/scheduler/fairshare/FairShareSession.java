package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link FairShareScheduler} for a caller that decides again and again over one changing set of
 * tenants (the server's loop, the simulator): it keeps the tenants' fairness order from one
 * {@code decide} to the next, so a pass starts from a nearly sorted order instead of sorting every
 * tenant from scratch. Decisions are exactly those of {@link FairShareScheduler#decide} on the same
 * snapshot, whatever came before (ADR 0018). Not thread-safe: one session per deciding thread.
 */
public final class FairShareSession implements Scheduler {
    /** Tenant ids in the fairness order the latest pass ended with. */
    private final List<String> order = new ArrayList<>();

    @Override
    public Decisions decide(Snapshot snapshot) {
        return FairShareScheduler.decide(snapshot, order);
    }
}
