package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trial whose experiment's runtime estimate ends before a gang trial's reservation starts backfills the GPUs held
 * for it on loan, although its runtime bound does not (ADR 0030); the gang trial takes it back if it overruns.
 */
class BackfillOnEstimatesTest {
    private static final Resources ONE_GPU = new Resources(1, "", 1_000, 4_000, 1);
    private static final Resources FOUR_GPUS = new Resources(4, "", 4_000, 16_000, 1);
    private static final Pool EAST = Pool.of(
            "east",
            List.of(
                    Machine.withGpus("m0", new Resources(4, "", 64_000, 512_000, 64)),
                    Machine.withGpus("m1", new Resources(4, "", 64_000, 512_000, 64))));
    private static final List<Tenant> TENANTS =
            List.of(new Tenant("acme", 1, Map.of(), 0), new Tenant("beta", 1, Map.of(), 0));
    /** Half done after 1,000: frees its two GPUs on m0 at about 1,000. */
    private static final RunningTrial DRAINING =
            new RunningTrial("r0", "acme", "other", "east", "m0", List.of(0, 1), ONE_GPU.plus(ONE_GPU), -1_000, 0.5);
    /** Fills m1 for much longer, so the gang trial reserves m0. */
    private static final RunningTrial BUSY =
            new RunningTrial("b4", "beta", "w", "east", "m1", List.of(0, 1, 2, 3), FOUR_GPUS, -1_000, 0.1);
    /** Both of beta's experiments bound their trials to 8,000, well past the reservation's start. */
    private static final List<WaitingTrial> QUEUE = List.of(
            new WaitingTrial("big", "acme", "big", 0, FOUR_GPUS, Set.of(), 0),
            new WaitingTrial("quick", "beta", "quick", 0, ONE_GPU, Set.of(), 1, 8_000),
            new WaitingTrial("slow", "beta", "slow", 0, ONE_GPU, Set.of(), 2, 8_000));

    private static final Map<String, Long> ESTIMATES = Map.of("quick", 500L, "slow", 5_000L);

    private final Scheduler scheduler = new FairShareScheduler();

    @ParameterizedTest(name = "heads first {0}")
    @ValueSource(booleans = {false, true})
    void aTrialExpectedToEndBeforeTheReservationStartsRunsOnLoanAndIsTakenBackIfItOverruns(boolean headsFirst) {
        Settings settings = new Settings(100, 1_000, 0, headsFirst, true);
        Snapshot s = new Snapshot(List.of(EAST), TENANTS, QUEUE, List.of(DRAINING, BUSY), 0, settings, ESTIMATES);

        Decisions d = scheduler.decide(s);

        assertThat(d.reservations()).singleElement().satisfies(r -> {
            assertThat(r.trial().id()).isEqualTo("big");
            assertThat(r.machine()).isEqualTo("m0");
            assertThat(r.expectedAt()).isEqualTo(1_000);
        });
        assertThat(d.admits())
                .as("quick's estimate (500) ends before 1,000; slow's (5,000) does not")
                .extracting(a -> a.trial().id() + (a.onLoan() ? " on loan" : ""))
                .containsExactly("quick on loan");

        // Without estimates only the bounds count, and 8,000 is past the reservation's start: both wait.
        Snapshot withoutEstimates = new Snapshot(List.of(EAST), TENANTS, QUEUE, List.of(DRAINING, BUSY), 0, settings);
        assertThat(scheduler.decide(withoutEstimates).admits()).isEmpty();

        // Half-way, the loan has run 500 and says it is a tenth done: it overruns its estimate. The reservation still
        // expects m0 at 1,000, because the gang trial takes the loan back rather than wait for it.
        Snapshot lent = d.applyTo(s);
        Snapshot halfWay = at(lent, 500, 0.75, 0.1);
        Decisions meanwhile = scheduler.decide(halfWay);
        assertThat(meanwhile.admits()).isEmpty();
        assertThat(meanwhile.preempts()).isEmpty();
        assertThat(meanwhile.reservations())
                .singleElement()
                .satisfies(r -> assertThat(r.expectedAt()).isEqualTo(1_000));

        // r0 ends with the loan still running: the gang trial takes it back and starts.
        List<RunningTrial> rest =
                halfWay.running().stream().filter(r -> !r.id().equals("r0")).toList();
        Snapshot drained = new Snapshot(
                halfWay.pools(), TENANTS, halfWay.waiting(), rest, 1_000, settings, halfWay.expectedRuntimes());
        Decisions back = scheduler.decide(drained);
        assertThat(back.preempts()).singleElement().satisfies(p -> {
            assertThat(p.trial().id()).isEqualTo("quick");
            assertThat(p.reason()).contains("takes back GPUs lent");
        });
        assertThat(back.admits()).extracting(a -> a.trial().id()).contains("big");
    }

    /** {@code s} at {@code now}, with r0 and the loan at the given progress. */
    private static Snapshot at(Snapshot s, long now, double drainingProgress, double loanProgress) {
        List<RunningTrial> running = s.running().stream()
                .map(r -> r.id().equals("r0")
                        ? r.withProgress(drainingProgress)
                        : r.onLoan() ? r.withProgress(loanProgress) : r)
                .toList();
        return new Snapshot(s.pools(), s.tenants(), s.waiting(), running, now, s.settings(), s.expectedRuntimes());
    }
}
