package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-tenant fair-share scheduling over pools with Kueue-like quotas. Each pass:
 *
 * <ol>
 *   <li>places trials that fit in a tenant's nominal quota, tenants in weighted dominant-share
 *       order, within a tenant experiments with the fewest running trials first, then priority,
 *       then FIFO;
 *   <li>lends idle capacity to the rest, up to each tenant's borrowing limit, reserving a machine
 *       for the first trial that cannot fit anywhere and letting smaller trials backfill around it;
 *   <li>lets tenants under nominal quota reclaim it by preempting only borrowers, newest and least
 *       progressed first, never younger than the minimum runtime and never pushing a borrower
 *       under its own nominal quota; then fills what is left.
 * </ol>
 *
 * Only reclaiming nominal quota preempts: fairness among borrowers moves as trials finish, which
 * avoids preempt/admit ping-pong. Stateless and thread-safe.
 */
public final class FairShareScheduler implements Scheduler {
    static final int MAX_SETTLING_PASSES = 4;

    /**
     * Runs passes until one changes nothing. Reservations go to the first blocked trials in
     * fairness order, and admissions move that order; a further pass over the outcome confirms
     * them, so deciding again on the carried-out decisions admits nothing new.
     */
    @Override
    public Decisions decide(Snapshot snapshot) {
        return decide(snapshot, new ArrayList<>());
    }

    /**
     * Decides with {@code order} as the fairness order to start from (tenant ids, see {@link
     * FairShareSession}) and leaves in it the order the last pass ended with. The settling passes
     * start from the pass before them. The order only saves sorting; the decisions are the same for
     * any order given.
     */
    static Decisions decide(Snapshot snapshot, List<String> order) {
        FairSharePass pass = new FairSharePass(snapshot, order);
        Decisions decided = pass.run();
        Decisions last = decided;
        for (int settling = 1; settling < MAX_SETTLING_PASSES && needsSettling(last); settling++) {
            // The settling pass runs on the first pass's state with its decisions carried out, exactly
            // as a pass over last.applyTo(snapshot) would (ADR 0026), without rebuilding it.
            pass.carryOutInPlace();
            last = pass.run();
            decided = decided.followedBy(last);
        }
        List<String> reached = pass.fairnessOrder();
        order.clear();
        order.addAll(reached);
        return decided;
    }

    static boolean needsSettling(Decisions last) {
        return !last.reservations().isEmpty() && !last.admits().isEmpty()
                || !last.preempts().isEmpty();
    }
}
