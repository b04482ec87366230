package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.List;

/**
 * Demands that already failed during the current phase. Within a phase free capacity only
 * shrinks and usage only grows, so a demand at least as large fails too and need not be tried.
 */
final class FailedDemands {
    private static final int MAX_REMEMBERED = 16;

    /** Made on the first failure: most tenants of a large pass never fail on their own. */
    private List<Resources> demands = List.of();

    private List<WaitReason> reasons = List.of();

    /** The reason a dominating demand failed, or null when none dominates. */
    WaitReason dominating(Resources demand) {
        for (int i = 0; i < demands.size(); i++) {
            Resources failed = demands.get(i);
            if ((failed.gpuType().isEmpty() || failed.gpuType().equals(demand.gpuType())) && failed.fitsIn(demand)) {
                return reasons.get(i);
            }
        }
        return null;
    }

    void remember(Resources demand, WaitReason reason) {
        if (demands.isEmpty()) {
            demands = new ArrayList<>();
            reasons = new ArrayList<>();
        }
        if (demands.size() < MAX_REMEMBERED) {
            demands.add(demand);
            reasons.add(reason);
        }
    }

    FailedDemands copy() {
        FailedDemands copy = new FailedDemands();
        copy.demands = new ArrayList<>(demands);
        copy.reasons = new ArrayList<>(reasons);
        return copy;
    }

    void forget() {
        if (!demands.isEmpty()) {
            demands.clear();
            reasons.clear();
        }
    }
}
