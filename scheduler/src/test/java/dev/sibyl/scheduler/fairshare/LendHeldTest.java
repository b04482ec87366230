package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resources held for a reservation lent to trials that run on loan and are taken back (ADR 0024). */
class LendHeldTest {
    private static final int SNAPSHOTS = 3_000;
    private static final Resources ONE_GPU = new Resources(1, "", 1_000, 4_000, 1);
    private static final Resources FOUR_GPUS = new Resources(4, "", 4_000, 16_000, 1);
    private static final Settings LENDING = new Settings(100, 1_000, 0, false, true, false, true);
    private final Scheduler scheduler = new FairShareScheduler();

    private static Snapshot lending(Snapshot s) {
        return RandomSnapshots.with(s, s.settings().withLendHeld(true));
    }

    /** With heads first (the default, ADR 0029) the gang head reserves before the walk and must still take loans back. */
    @ParameterizedTest(name = "heads first {0}")
    @ValueSource(booleans = {false, true})
    void aGangTrialsHeldGpusRunTrialsOnLoanUntilTheRestDrainsThenItTakesThemBackAndStarts(boolean headsFirst) {
        Settings lending = new Settings(100, 1_000, 0, headsFirst, true, false, true);
        Pool pool = Pool.of(
                "east",
                List.of(
                        Machine.withGpus("m0", new Resources(4, "", 64_000, 512_000, 64)),
                        Machine.withGpus("m1", new Resources(4, "", 64_000, 512_000, 64))));
        List<Tenant> tenants = List.of(new Tenant("acme", 1, Map.of(), 0), new Tenant("beta", 1, Map.of(), 0));
        // Half done after 1,000: frees its two GPUs at about 1,000; beta's long trial fills m1, so acme goes first.
        RunningTrial old = new RunningTrial(
                "r0", "acme", "other", "east", "m0", List.of(0, 1), ONE_GPU.plus(ONE_GPU), -1_000, 0.5);
        RunningTrial busy =
                new RunningTrial("b4", "beta", "w", "east", "m1", List.of(0, 1, 2, 3), FOUR_GPUS, -1_000, 0.1);
        List<WaitingTrial> queue = List.of(
                new WaitingTrial("big", "acme", "big", 0, FOUR_GPUS, Set.of(), 0),
                new WaitingTrial("u1", "beta", "u", 0, ONE_GPU, Set.of(), 1),
                new WaitingTrial("u2", "beta", "u", 0, ONE_GPU, Set.of(), 2));
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, List.of(old, busy), 0, lending);

        Decisions d = scheduler.decide(s);

        assertThat(d.reservations())
                .singleElement()
                .satisfies(r -> assertThat(r.trial().id()).isEqualTo("big"));
        assertThat(d.admits())
                .extracting(a -> a.trial().id() + (a.onLoan() ? " on loan" : ""))
                .containsExactlyInAnyOrder("u1 on loan", "u2 on loan");
        Snapshot lent = d.applyTo(s);
        assertThat(lent.running()).filteredOn(RunningTrial::onLoan).hasSize(2);
        assertThat(scheduler.decide(lent).admits())
                .as("nothing more while r0 runs")
                .isEmpty();
        assertThat(scheduler.decide(lent).preempts()).isEmpty();

        // r0 ends: the gang trial takes the lent GPUs back at once, without waiting for the loans to end.
        List<RunningTrial> rest = lent.running().stream()
                .filter(r -> !r.id().equals("r0"))
                .map(r -> r.withProgress(0.3))
                .toList();
        Snapshot drained = new Snapshot(lent.pools(), tenants, lent.waiting(), rest, 1_000, lending);
        Decisions back = scheduler.decide(drained);

        assertThat(back.preempts()).extracting(p -> p.trial().id()).containsExactlyInAnyOrder("u1", "u2");
        assertThat(back.preempts()).allSatisfy(p -> {
            assertThat(p.reason()).contains("takes back GPUs lent");
            assertThat(p.cause()).isEqualTo(Preempt.Cause.LOAN);
            assertThat(p.toOwner()).startsWith("it ran on GPUs lent out of a reservation in pool ");
        });
        assertThat(back.admits()).singleElement().satisfies(a -> {
            assertThat(a.trial().id()).isEqualTo("big");
            assertThat(a.onLoan()).isFalse();
        });

        // Lending off: the held GPUs idle and the unbounded trials wait (EASY backfill only).
        Settings off = new Settings(100, 1_000, 0, false, true, false, false);
        Decisions idle = scheduler.decide(new Snapshot(List.of(pool), tenants, queue, List.of(old, busy), 0, off));
        assertThat(idle.admits()).isEmpty();
    }

    @Test
    void aTenantsSmallTrialBorrowsHeldGpusWhenItsFirstTrialIsTooBigToBorrow() {
        Pool pool = Pool.of(
                "east",
                List.of(
                        Machine.withGpus("m0", new Resources(4, "", 64_000, 512_000, 64)),
                        Machine.withGpus("m1", new Resources(8, "", 64_000, 512_000, 64))));
        List<Tenant> tenants = List.of(
                new Tenant("a-big", 1, Map.of(), 0),
                new Tenant("b-mid", 1, Map.of(), 0),
                new Tenant("c-late", 1, Map.of(), 0),
                new Tenant("hog", 1, Map.of(), 0));
        Resources twoGpus = ONE_GPU.plus(ONE_GPU);
        Resources eightGpus = new Resources(8, "", 8_000, 32_000, 1);
        // m0 frees its two busy GPUs at about 1,000 and is reserved for a-big; m1 is full for much longer.
        List<RunningTrial> running = List.of(
                new RunningTrial("r0", "hog", "h", "east", "m0", List.of(0, 1), twoGpus, -1_000, 0.5),
                new RunningTrial(
                        "r1", "hog", "h", "east", "m1", List.of(0, 1, 2, 3, 4, 5, 6, 7), eightGpus, -1_000, 0.1));
        List<WaitingTrial> queue = List.of(
                new WaitingTrial("big", "a-big", "e1", 0, FOUR_GPUS, Set.of(), 0),
                new WaitingTrial("mid", "b-mid", "e2", 0, FOUR_GPUS, Set.of(), 1),
                // c-late's first trial needs 8 GPUs; its second, 2, fits in what m0 holds for "big".
                new WaitingTrial("huge", "c-late", "e3", 1, eightGpus, Set.of(), 2),
                new WaitingTrial("pair", "c-late", "e3", 0, twoGpus, Set.of(), 3));
        Decisions d = scheduler.decide(new Snapshot(List.of(pool), tenants, queue, running, 0, LENDING));

        assertThat(d.reservations()).extracting(r -> r.trial().id()).contains("big");
        assertThat(d.admits()).singleElement().satisfies(a -> {
            assertThat(a.trial().id()).isEqualTo("pair");
            assertThat(a.onLoan()).isTrue();
            assertThat(a.machine()).isEqualTo("m0");
        });
    }

    @Test
    void trialsNotOnLoanAreNeverTakenBackForAReservation() {
        Pool pool = Pool.of("east", List.of(Machine.withGpus("m0", new Resources(4, "", 64_000, 512_000, 64))));
        List<Tenant> tenants = List.of(new Tenant("acme", 1, Map.of(), 0), new Tenant("beta", 1, Map.of(), 0));
        List<RunningTrial> running = List.of(
                new RunningTrial("b1", "beta", "u", "east", "m0", List.of(0), ONE_GPU, 0, 0.1),
                new RunningTrial("b2", "beta", "u", "east", "m0", List.of(1), ONE_GPU, 0, 0.1));
        List<WaitingTrial> queue = List.of(new WaitingTrial("big", "acme", "big", 0, FOUR_GPUS, Set.of(), 0));
        Decisions d = scheduler.decide(new Snapshot(List.of(pool), tenants, queue, running, 1_000, LENDING));
        assertThat(d.preempts()).isEmpty();
        assertThat(d.admits()).isEmpty();
        assertThat(d.reservations()).singleElement();
    }

    @Test
    void neverOverAllocatesAndDecidingAgainChangesNothingWhileLending() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = lending(RandomSnapshots.generate(seed));
            Snapshot after = scheduler.decide(s).applyTo(s);
            assertThat(Ledger.of(after).overAllocations()).as("seed %d", seed).isEmpty();
            Decisions again = scheduler.decide(after);
            assertThat(again.admits()).as("seed %d", seed).isEmpty();
            assertThat(again.preempts()).as("seed %d", seed).isEmpty();
        }
    }

    /** Two rounds: trials lent out in the first, then some trials end and the loans may be taken back. */
    @Test
    void onlyTrialsOnLoanAreTakenBackAndNothingIsOverAllocatedAfterwards() {
        int takenBack = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = lending(RandomSnapshots.generate(seed));
            takenBack += LoanRecalls.onlyLoansTakenBack(scheduler, s, seed);
        }
        assertThat(takenBack).as("loans taken back over all seeds").isPositive();
    }
}
