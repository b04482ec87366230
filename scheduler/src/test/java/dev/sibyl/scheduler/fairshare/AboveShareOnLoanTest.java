package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a tenant runs beyond its weighted fair share runs on loan, and gang trials take it back (ADR 0025). */
class AboveShareOnLoanTest {
    private static final int SNAPSHOTS = 3_000;
    private static final Resources ONE_GPU = new Resources(1, "", 1_000, 4_000, 1);
    private static final Resources FOUR_GPUS = new Resources(4, "", 4_000, 16_000, 1);
    private static final Resources EIGHT_GPUS = new Resources(8, "", 8_000, 32_000, 1);
    private static final Settings ON = new Settings(100, 1_000, 0, false, true, false, false, true);
    private static final Settings OFF = new Settings(100, 1_000, 0, false, true, false, false, false);
    private final Scheduler scheduler = new FairShareScheduler();

    private static Snapshot withLoans(Snapshot s, boolean lendHeld) {
        return RandomSnapshots.with(s, s.settings().withLendHeld(lendHeld).withAboveShareOnLoan(true));
    }

    @Test
    void trialsBeyondTheTenantsFairShareRunOnLoanAndAGangTrialOfAnotherTenantTakesThemBack() {
        // 12 GPUs: east/m0 has 8 free; west/w0's 4 run zed's trial. Zed (weight 3) also waits for an
        // 8-GPU trial only west may run, which never fits: its demand counts, but it holds no machine.
        List<Pool> pools = List.of(
                Pool.of("east", List.of(Machine.withGpus("m0", new Resources(8, "", 64_000, 512_000, 64)))),
                Pool.of("west", List.of(Machine.withGpus("w0", new Resources(4, "", 64_000, 512_000, 64)))));
        List<Tenant> tenants = List.of(new Tenant("amy", 1, Map.of(), 0), new Tenant("zed", 3, Map.of(), 0));
        RunningTrial zedsWest =
                new RunningTrial("z0", "zed", "z", "west", "w0", List.of(0, 1, 2, 3), FOUR_GPUS, -1_000, 0.1);
        List<WaitingTrial> queue = new ArrayList<>();
        queue.add(new WaitingTrial("big", "zed", "z", 0, EIGHT_GPUS, Set.of("west"), 0));
        IntStream.range(0, 8).forEach(i -> queue.add(new WaitingTrial("a" + i, "amy", "a", 0, ONE_GPU, Set.of(), i)));
        // Demand: amy 8, zed 12; weighted max-min over 12 GPUs gives amy 3 and zed 9.
        Snapshot s = new Snapshot(pools, tenants, queue, List.of(zedsWest), 0, ON);

        Decisions d = scheduler.decide(s);

        assertThat(d.admits())
                .hasSize(8)
                .allSatisfy(a -> assertThat(a.trial().tenant()).isEqualTo("amy"));
        assertThat(d.admits()).filteredOn(Admit::onLoan).hasSize(5);
        assertThat(d.admits())
                .filteredOn(a -> !a.onLoan())
                .extracting(a -> a.trial().id())
                .containsExactlyInAnyOrder("a0", "a1", "a2");
        Snapshot running = d.applyTo(s);
        assertThat(scheduler.decide(running).admits()).isEmpty();
        assertThat(scheduler.decide(running).preempts()).isEmpty();

        // Later zed asks for a 4-GPU trial in east: four of amy's loans, newest first, make room at once.
        List<WaitingTrial> later = new ArrayList<>(running.waiting());
        later.add(new WaitingTrial("gang", "zed", "g", 0, FOUR_GPUS, Set.of("east"), 500));
        Snapshot asked = new Snapshot(pools, tenants, later, running.running(), 1_000, ON);
        Decisions back = scheduler.decide(asked);

        assertThat(back.preempts()).hasSize(4).allSatisfy(p -> {
            assertThat(p.trial().onLoan()).isTrue();
            assertThat(p.trial().tenant()).isEqualTo("amy");
            assertThat(p.reason()).contains("takes back GPUs lent");
        });
        assertThat(back.admits()).singleElement().satisfies(a -> {
            assertThat(a.trial().id()).isEqualTo("gang");
            assertThat(a.onLoan()).as("zed stays within its share of 9").isFalse();
        });

        // Off: the same eight trials start as amy's own, and the gang trial waits for them to end.
        Decisions plain = scheduler.decide(new Snapshot(pools, tenants, queue, List.of(zedsWest), 0, OFF));
        assertThat(plain.admits()).hasSize(8).noneMatch(Admit::onLoan);
        Snapshot plainRunning = plain.applyTo(new Snapshot(pools, tenants, queue, List.of(zedsWest), 0, OFF));
        List<WaitingTrial> plainLater = new ArrayList<>(plainRunning.waiting());
        plainLater.add(new WaitingTrial("gang", "zed", "g", 0, FOUR_GPUS, Set.of("east"), 500));
        Decisions waits =
                scheduler.decide(new Snapshot(pools, tenants, plainLater, plainRunning.running(), 1_000, OFF));
        assertThat(waits.preempts()).isEmpty();
        assertThat(waits.admits()).isEmpty();
    }

    @Test
    void aTenantWithinItsFairShareRunsNothingOnLoan() {
        List<Pool> pools =
                List.of(Pool.of("east", List.of(Machine.withGpus("m0", new Resources(8, "", 64_000, 512_000, 64)))));
        List<Tenant> tenants = List.of(new Tenant("amy", 1, Map.of(), 0), new Tenant("bob", 1, Map.of(), 0));
        List<WaitingTrial> queue = new ArrayList<>();
        IntStream.range(0, 4).forEach(i -> queue.add(new WaitingTrial("a" + i, "amy", "a", 0, ONE_GPU, Set.of(), i)));
        IntStream.range(0, 4).forEach(i -> queue.add(new WaitingTrial("b" + i, "bob", "b", 0, ONE_GPU, Set.of(), i)));
        Decisions d = scheduler.decide(new Snapshot(pools, tenants, queue, List.of(), 0, ON));
        assertThat(d.admits()).hasSize(8).noneMatch(Admit::onLoan);
    }

    @Test
    void neverOverAllocatesAndDecidingAgainChangesNothing() {
        int loans = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = withLoans(RandomSnapshots.generate(seed), seed % 2 == 0);
            Decisions first = scheduler.decide(s);
            loans += (int) first.admits().stream().filter(Admit::onLoan).count();
            Snapshot after = first.applyTo(s);
            assertThat(Ledger.of(after).overAllocations()).as("seed %d", seed).isEmpty();
            Decisions again = scheduler.decide(after);
            assertThat(again.admits()).as("seed %d", seed).isEmpty();
            assertThat(again.preempts()).as("seed %d", seed).isEmpty();
        }
        assertThat(loans).as("admissions on loan over all seeds").isPositive();
    }

    /** Two rounds: loans made in the first, then some trials end and gang trials may take loans back. */
    @Test
    void onlyTrialsOnLoanAreTakenBackAndNothingIsOverAllocatedAfterwards() {
        int takenBack = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot s = withLoans(RandomSnapshots.generate(seed), seed % 2 == 0);
            takenBack += LoanRecalls.onlyLoansTakenBack(scheduler, s, seed);
        }
        assertThat(takenBack).as("loans taken back over all seeds").isPositive();
    }
}
