package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's properties with fair-share preemption on (ADR 0019; the simulator's and server's default since ADR
 * 0031), over the same random snapshots: every property of {@link FairShareSchedulerPropertiesTest}, and what
 * fair-share preemption may take.
 */
class FairSharePreemptionPropertiesTest extends FairShareSchedulerPropertiesTest {
    private static Snapshot withFairSharePreemption(Snapshot s) {
        return RandomSnapshots.with(s, s.settings().withFairSharePreemption(true));
    }

    @Override
    Snapshot snapshot(long seed) {
        return withFairSharePreemption(RandomSnapshots.generate(seed));
    }

    @Test
    void aFairSharePreemptionNeverTakesAVictimBelowItsFairShareOrNominalQuota() {
        int fairSharePreemptions = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = withFairSharePreemption(RandomSnapshots.generate(seed));
            Decisions d = scheduler.decide(s);
            Snapshot after = d.applyTo(s);
            Map<String, Double> shares = fairShares(s);
            for (Preempt p : d.preempts()) {
                if (!p.reason().contains("fair share")) {
                    continue;
                }
                fairSharePreemptions++;
                RunningTrial r = p.trial();
                assertThat(s.now() - r.startedAt())
                        .isGreaterThanOrEqualTo(s.settings().minRuntimeBeforePreemption());
                assertThat((double) gpus(after, r.tenant(), null))
                        .as("seed %d: %s keeps its fair share", seed, r.tenant())
                        .isGreaterThanOrEqualTo(shares.get(r.tenant()));
                Tenant victim = tenant(s, r.tenant());
                assertThat(gpus(after, r.tenant(), r.pool()))
                        .as("seed %d: %s keeps its nominal quota", seed, r.tenant())
                        .isGreaterThanOrEqualTo(
                                victim.quotaIn(r.pool()).nominal().gpus());
            }
        }
        assertThat(fairSharePreemptions)
                .as("the generator exercises fair-share preemption")
                .isGreaterThan(0);
    }

    private static Tenant tenant(Snapshot s, String id) {
        return s.tenants().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static long gpus(Snapshot s, String tenant, String pool) {
        return s.running().stream()
                .filter(x ->
                        x.tenant().equals(tenant) && (pool == null || x.pool().equals(pool)))
                .mapToLong(x -> x.demand().gpus())
                .sum();
    }

    /** Weighted max-min of the GPUs capped by running + waiting GPUs, computed independently. */
    private static Map<String, Double> fairShares(Snapshot s) {
        double capacity = s.pools().stream()
                .flatMap(p -> p.machines().stream())
                .mapToLong(m -> m.capacity().gpus())
                .sum();
        Map<String, Double> demand = new HashMap<>();
        for (Tenant t : s.tenants()) {
            demand.put(t.id(), (double) gpus(s, t.id(), null));
        }
        for (WaitingTrial w : s.waiting()) {
            demand.computeIfPresent(w.tenant(), (k, v) -> v + w.demand().gpus());
        }
        List<Tenant> order = new ArrayList<>(s.tenants());
        order.sort(Comparator.comparingDouble((Tenant t) -> demand.get(t.id()) / t.weight()));
        double weights = order.stream().mapToDouble(Tenant::weight).sum();
        Map<String, Double> shares = new HashMap<>();
        for (Tenant t : order) {
            double share = Math.min(demand.get(t.id()), capacity / weights * t.weight());
            shares.put(t.id(), share);
            capacity -= share;
            weights -= t.weight();
        }
        return shares;
    }
}
