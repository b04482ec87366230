package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.List;

/**
 * Demands that already failed during the current phase. Within a phase free capacity only
 * shrinks and usage only grows, so a demand at least as large fails too and need not be tried.
 */
final class FailedDemands {
    private static final int MAX_REMEMBERED = 16;

    private final List<Resources> demands = new ArrayList<>();
    private final List<WaitReason> reasons = new ArrayList<>();

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
        if (demands.size() < MAX_REMEMBERED) {
            demands.add(demand);
            reasons.add(reason);
        }
    }

    FailedDemands copy() {
        FailedDemands copy = new FailedDemands();
        copy.demands.addAll(demands);
        copy.reasons.addAll(reasons);
        return copy;
    }

    void forget() {
        demands.clear();
        reasons.clear();
    }
}
