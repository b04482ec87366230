package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairShareSchedulerPropertiesTest {
    static final int SNAPSHOTS = 3_000;
    final Scheduler scheduler = new FairShareScheduler();

    /** The random snapshot of {@code seed}, under the settings this class checks. */
    Snapshot snapshot(long seed) {
        return RandomSnapshots.generate(seed);
    }

    @Test
    void neverGivesAMachineOrGpuTwiceNorATenantMoreThanNominalPlusBorrowing() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            Snapshot after = scheduler.decide(s).applyTo(s);
            assertThat(Ledger.of(after).overAllocations()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void everyWaitingTrialIsAdmittedOrWaitsWithAReasonAndAPosition() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            Decisions d = scheduler.decide(s);
            List<String> seen = new ArrayList<>();
            d.admits().forEach(a -> seen.add(a.trial().id()));
            d.waits().forEach(w -> seen.add(w.trial().id()));
            assertThat(seen)
                    .as("seed %d", seed)
                    .containsExactlyInAnyOrderElementsOf(
                            s.waiting().stream().map(WaitingTrial::id).toList());
            for (int i = 0; i < d.waits().size(); i++) {
                Wait w = d.waits().get(i);
                assertThat(w.position()).isEqualTo(i + 1);
                assertThat(w.reason())
                        .as("seed %d trial %s", seed, w.trial().id())
                        .isNotBlank();
            }
        }
    }

    @Test
    void leavesNoTrialWaitingThatFitsInIdleCapacityOutsideReservations() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            Decisions d = scheduler.decide(s);
            Snapshot after = d.applyTo(s);
            Ledger ledger = Ledger.of(after);
            Map<String, Resources> held = new HashMap<>();
            d.reservations().forEach(r -> held.merge(r.pool() + "/" + r.machine(), r.held(), Resources::plus));
            Map<String, Tenant> tenants = new HashMap<>();
            s.tenants().forEach(t -> tenants.put(t.id(), t));
            for (Wait w : d.waits()) {
                WaitingTrial t = w.trial();
                for (Pool pool : s.pools()) {
                    if (!pool.admits(t.tenant())
                            || !t.mayRunIn(pool.name())
                            || !ledger.withinCeiling(tenants.get(t.tenant()), pool, t.demand())) {
                        continue;
                    }
                    for (Machine m : pool.machines()) {
                        Resources h = held.getOrDefault(pool.name() + "/" + m.id(), Resources.NONE);
                        assertThat(ledger.fits(pool, m, t.demand(), h))
                                .as(
                                        "seed %d: %s waits (%s) but fits %s/%s",
                                        seed, t.id(), w.reason(), pool.name(), m.id())
                                .isFalse();
                    }
                }
            }
        }
    }

    @Test
    void decidingAgainAfterCarryingOutTheDecisionsChangesNothing() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            Snapshot after = scheduler.decide(s).applyTo(s);
            Decisions again = scheduler.decide(after);
            assertThat(again.admits()).as("seed %d", seed).isEmpty();
            assertThat(again.preempts()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aBackfilledTrialNeverDelaysAReservationsExpectedStart() {
        int backfilled = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            // One pass: a settling pass would estimate the reservation again with the backfilled trials running.
            Decisions d = new FairSharePass(s).run();
            Snapshot after = d.applyTo(s);
            Set<String> admitted = new HashSet<>();
            d.admits().forEach(a -> admitted.add(a.trial().id()));
            for (Reservation r : d.reservations()) {
                Machine m = s.pools().stream()
                        .filter(p -> p.name().equals(r.pool()))
                        .flatMap(p -> p.machines().stream())
                        .filter(x -> x.id().equals(r.machine()))
                        .findFirst()
                        .orElseThrow();
                // Whatever runs on the machine past the expected start (trials just started end by their
                // deadline; no trial is assumed to end before it reports that it would) leaves room for it,
                // except trials on loan, which a gang trial takes back (ADR 0030).
                boolean takesLoansBack = r.trial().demand().gpus() > 1;
                Resources lingering = r.held();
                Resources all = r.held();
                boolean startedHere = false;
                for (RunningTrial t : after.running()) {
                    if (!t.pool().equals(r.pool()) || !t.machine().equals(r.machine())) {
                        continue;
                    }
                    all = all.plus(t.demand());
                    startedHere |= admitted.contains(t.id());
                    if (expectedEnd(t, s) > r.expectedAt() && !(t.onLoan() && takesLoansBack)) {
                        lingering = lingering.plus(t.demand());
                    }
                }
                if (startedHere && !all.fitsIn(m.capacity())) {
                    // Trials started on the machine use some of what is held: they backfilled.
                    backfilled++;
                }
                assertThat(lingering.fitsIn(m.capacity()))
                        .as("seed %d: trials on %s/%s outlast %s", seed, r.pool(), r.machine(), r)
                        .isTrue();
            }
            // With the settling passes: deciding again on the carried-out decisions moves no reservation later.
            Decisions settled = scheduler.decide(s);
            List<Reservation> again = scheduler.decide(settled.applyTo(s)).reservations();
            for (Reservation r : settled.reservations()) {
                for (Reservation later : again) {
                    if (later.trial().id().equals(r.trial().id())
                            && later.pool().equals(r.pool())
                            && later.machine().equals(r.machine())) {
                        assertThat(later.expectedAt())
                                .as("seed %d: %s", seed, r)
                                .isLessThanOrEqualTo(r.expectedAt());
                    }
                }
            }
        }
        assertThat(backfilled).as("the generator exercises backfill").isGreaterThan(20);
    }

    /** A trial's end as the documented estimate has it: progress, else the window; never past its deadline. */
    private static long expectedEnd(RunningTrial t, Snapshot s) {
        long remaining = t.progress() > 0
                ? (long) (Math.max(0, s.now() - t.startedAt()) * (1 - t.progress()) / t.progress())
                : s.settings().reservationWindow();
        return Math.min(s.now() + remaining, Math.max(s.now(), t.deadline()));
    }

    @Test
    void theOrderOfTenantsPoolsAndTrialsInTheInputDoesNotMatter() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            Random rng = new Random(seed);
            Snapshot shuffled = new Snapshot(
                    shuffle(s.pools(), rng),
                    shuffle(s.tenants(), rng),
                    shuffle(s.waiting(), rng),
                    shuffle(s.running(), rng),
                    s.now(),
                    s.settings(),
                    s.expectedRuntimes());
            assertThat(summary(scheduler.decide(shuffled))).as("seed %d", seed).isEqualTo(summary(scheduler.decide(s)));
        }
    }

    @Test
    void preemptsOnlyOldEnoughTrialsOfBorrowersWhichCannotReclaimThemBack() {
        int preemptions = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = snapshot(seed);
            Decisions d = scheduler.decide(s);
            Snapshot after = d.applyTo(s);
            for (Preempt p : d.preempts()) {
                if (p.cause() == Preempt.Cause.FAIR_SHARE) {
                    // Its victims need not borrow: FairSharePreemptionPropertiesTest checks they keep their share.
                    continue;
                }
                RunningTrial r = p.trial();
                preemptions++;
                assertThat(s.now() - r.startedAt())
                        .isGreaterThanOrEqualTo(s.settings().minRuntimeBeforePreemption());
                Tenant victim = s.tenants().stream()
                        .filter(t -> t.id().equals(r.tenant()))
                        .findFirst()
                        .orElseThrow();
                Resources nominal = victim.quotaIn(r.pool()).nominal();
                assertThat(usage(s, r.tenant(), r.pool()).fitsIn(nominal))
                        .as("seed %d: %s was borrowing", seed, r.tenant())
                        .isFalse();
                assertThat(usage(after, r.tenant(), r.pool()).plus(r.demand()).fitsIn(nominal))
                        .as("seed %d: %s cannot reclaim %s right back", seed, r.tenant(), r.id())
                        .isFalse();
            }
        }
        assertThat(preemptions).as("the generator exercises reclaim").isGreaterThan(20);
    }

    private static Resources usage(Snapshot s, String tenant, String pool) {
        return s.running().stream()
                .filter(x -> x.tenant().equals(tenant) && x.pool().equals(pool))
                .map(RunningTrial::demand)
                .reduce(Resources.NONE, Resources::plus);
    }

    private static <T> List<T> shuffle(List<T> list, Random rng) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, rng);
        return copy;
    }

    private static List<String> summary(Decisions d) {
        List<String> lines = new ArrayList<>(DecisionLines.of(d));
        Collections.sort(lines);
        return lines;
    }
}
