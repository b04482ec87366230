package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairShareSchedulerScenariosTest {
    private static final Resources ONE_GPU = new Resources(1, "", 1_000, 4_000, 1);
    private static final Settings SETTINGS = new Settings(100, 1_000, 0);
    private final Scheduler scheduler = new FairShareScheduler();

    private static Pool pool(String name, int machines, int gpusEach) {
        List<Machine> list = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            list.add(Machine.withGpus("m" + i, new Resources(gpusEach, "", 64_000, 512_000, 64)));
        }
        return Pool.of(name, list);
    }

    private static Quota quota(int nominalGpus, int borrowingGpus) {
        return new Quota(
                new Resources(nominalGpus, "", Resources.UNLIMITED_AMOUNT, Resources.UNLIMITED_AMOUNT, 64),
                new Resources(borrowingGpus, "", Resources.UNLIMITED_AMOUNT, Resources.UNLIMITED_AMOUNT, 64));
    }

    private static WaitingTrial waiting(
            String id, String tenant, String experiment, int priority, Resources demand, long at) {
        return new WaitingTrial(id, tenant, experiment, priority, demand, Set.of(), at);
    }

    private static long gpusOf(Snapshot s, String tenant) {
        return s.running().stream()
                .filter(r -> r.tenant().equals(tenant))
                .mapToLong(r -> r.demand().gpus())
                .sum();
    }

    @Test
    void tenantsWeightedThreeToOneConvergeToThreeToOneSharesOfASaturatedPool() {
        Pool pool = pool("east", 4, 8);
        List<Tenant> tenants = List.of(new Tenant("heavy", 3, Map.of(), 0), new Tenant("light", 1, Map.of(), 0));
        List<WaitingTrial> queue = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            queue.add(waiting("h" + i, "heavy", "he", 0, ONE_GPU, i));
            queue.add(waiting("l" + i, "light", "le", 0, ONE_GPU, i));
        }
        // "light" arrived first and holds the whole pool.
        List<RunningTrial> running = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            running.add(new RunningTrial(
                    "old" + i, "light", "le", "east", "m" + i / 8, List.of(i % 8), ONE_GPU, -1_000 + i, 0.5));
        }
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 0, SETTINGS);
        for (int round = 1; round <= 40; round++) {
            s = finishOldest(s, 4, round * 10L);
            Decisions d = scheduler.decide(s);
            assertThat(d.preempts())
                    .as("fairness among borrowers never preempts")
                    .isEmpty();
            s = d.applyTo(s);
        }
        assertThat(gpusOf(s, "heavy")).isEqualTo(24);
        assertThat(gpusOf(s, "light")).isEqualTo(8);
    }

    private static Snapshot finishOldest(Snapshot s, int count, long now) {
        List<RunningTrial> running = new ArrayList<>(s.running());
        running.sort(Comparator.comparingLong(RunningTrial::startedAt).thenComparing(RunningTrial::id));
        return new Snapshot(
                s.pools(),
                s.tenants(),
                s.waiting(),
                running.subList(Math.min(count, running.size()), running.size()),
                now,
                s.settings());
    }

    @Test
    void aTrialBehindAnotherTenantsReservationIsNotToldThatTenantsIds() {
        Resources fourGpus = new Resources(4, "", 1_000, 4_000, 1);
        Map<String, String> reasons = reasonsBehind(waiting("globex-big", "globex", "ge", 0, fourGpus, 1));
        assertThat(reasons.get("globex-big")).startsWith("first in line: machine m0 in pool east is reserved for it");
        assertThat(reasons.get("acme-pair"))
                .isEqualTo(
                        "free resources in pool east are held on m0 for another tenant's trial, which is ahead in line")
                .doesNotContain("globex");

        // Behind its own tenant's trial, the trial is named.
        assertThat(reasonsBehind(waiting("acme-big", "acme", "ae", 0, fourGpus, 1))
                        .get("acme-pair"))
                .isEqualTo("free resources in pool east are held on m0 for trial acme-big, which is ahead in line");
    }

    /** Why trials wait when {@code head} reserves m0, two of whose four GPUs are free, and acme's 2-GPU trial follows. */
    private Map<String, String> reasonsBehind(WaitingTrial head) {
        List<Tenant> tenants = List.of(new Tenant("acme", 1, Map.of(), 0), new Tenant("globex", 1, Map.of(), 0));
        List<RunningTrial> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int machine = i < 2 ? 0 : 1;
            running.add(new RunningTrial(
                    "a" + i, "acme", "ae", "east", "m" + machine, List.of(i < 2 ? i : i - 2), ONE_GPU, 0, 0.5));
        }
        Resources twoGpus = new Resources(2, "", 1_000, 4_000, 1);
        List<WaitingTrial> queue = List.of(head, waiting("acme-pair", "acme", "ae", 0, twoGpus, 2));
        return reasons(new Snapshot(List.of(pool("east", 2, 4)), tenants, queue, running, 1_000, SETTINGS));
    }

    @Test
    void aWithdrawnAdmissionNamesTheReclaimingTenantOnlyToItself() {
        WaitingTrial trial = waiting("t", "acme", "ae", 0, ONE_GPU, 0);
        assertThat(new WaitReason.Withdrawn("east", "globex").describe(trial))
                .isEqualTo("admission withdrawn: another tenant reclaims its nominal quota in pool east");
        assertThat(new WaitReason.Withdrawn("east", null).describe(trial))
                .isEqualTo("admission withdrawn: another tenant reclaims its nominal quota in pool east");
        assertThat(new WaitReason.Withdrawn("east", "acme").describe(trial))
                .isEqualTo("admission withdrawn: tenant acme reclaims its nominal quota in pool east");
    }

    private Map<String, String> reasons(Snapshot s) {
        Map<String, String> reasons = new HashMap<>();
        scheduler.decide(s).waits().forEach(w -> reasons.put(w.trial().id(), w.reason()));
        return reasons;
    }

    @Test
    void ownerBackFromIdleReclaimsItsNominalQuotaInOnePassFromBorrowersOnly() {
        Pool pool = pool("east", 2, 8);
        List<Tenant> tenants = List.of(
                new Tenant("owner", 1, Map.of("east", quota(8, 0)), 0),
                new Tenant("borrower", 1, Map.of("east", quota(4, 16)), 0),
                new Tenant("modest", 1, Map.of("east", quota(4, 16)), 0));
        List<RunningTrial> running = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // b11 is the newest but younger than the minimum runtime (100).
            long started = i == 11 ? 950 : i * 10;
            running.add(new RunningTrial(
                    "b" + i, "borrower", "be", "east", "m" + i / 8, List.of(i % 8), ONE_GPU, started, 0.3));
        }
        for (int i = 12; i < 16; i++) {
            running.add(new RunningTrial("m" + i, "modest", "me", "east", "m1", List.of(i % 8), ONE_GPU, 900, 0.1));
        }
        List<WaitingTrial> queue = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            queue.add(waiting("o" + i, "owner", "oe", 0, ONE_GPU, 1_000));
        }
        queue.add(waiting("bw", "borrower", "be", 0, ONE_GPU, 10));
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 1_000, SETTINGS);

        Decisions d = scheduler.decide(s);

        assertThat(d.admits())
                .extracting(a -> a.trial().tenant())
                .containsOnly("owner")
                .hasSize(8);
        assertThat(d.preempts())
                .extracting(p -> p.trial().id())
                .containsExactlyInAnyOrder("b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10");
        assertThat(d.preempts()).allSatisfy(p -> {
            assertThat(p.cause()).isEqualTo(Preempt.Cause.NOMINAL_QUOTA);
            assertThat(p.reason()).contains("tenant owner reclaims nominal quota in pool east");
            // The borrower reads why without learning who reclaimed.
            assertThat(p.toOwner()).isEqualTo("another tenant reclaimed its nominal quota in pool east");
        });
        Snapshot after = d.applyTo(s);
        assertThat(gpusOf(after, "owner")).isEqualTo(8);
        assertThat(gpusOf(after, "borrower")).isEqualTo(4);
        assertThat(gpusOf(after, "modest")).isEqualTo(4);
        assertThat(Ledger.of(after).overAllocations()).isEmpty();

        // The preempted trials queue again; nobody is under nominal with room to reclaim, so no ping-pong.
        List<WaitingTrial> requeued = new ArrayList<>(after.waiting());
        d.preempts().forEach(p -> requeued.add(waiting(p.trial().id(), "borrower", "be", 0, ONE_GPU, 0)));
        Snapshot later = new Snapshot(after.pools(), tenants, requeued, after.running(), 5_000, SETTINGS);
        Decisions next = scheduler.decide(later);
        assertThat(next.preempts()).isEmpty();
        assertThat(next.admits()).isEmpty();
        assertThat(next.waits()).extracting(Wait::reason).allMatch(r -> !r.isBlank());
    }

    @Test
    void fourGpuHeadTrialStartsWithinItsReservationWindowWhileOneGpuTrialsBackfill() {
        Pool pool = pool("east", 2, 4);
        List<Tenant> tenants = List.of(new Tenant("acme", 1, Map.of(), 0));
        Resources fourGpus = new Resources(4, "", 4_000, 16_000, 1);
        Map<String, Long> endsAt = new HashMap<>();
        List<RunningTrial> running = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "r" + i;
            running.add(new RunningTrial(id, "acme", "small", "east", "m" + i % 2, List.of(i / 2), ONE_GPU, -100, 0.1));
            endsAt.put(id, 100L + 100L * i);
        }
        List<WaitingTrial> queue = new ArrayList<>();
        queue.add(waiting("big", "acme", "big", 0, fourGpus, 0));
        for (int i = 0; i < 30; i++) {
            queue.add(waiting("s" + i, "acme", "small", 0, ONE_GPU, 1 + i));
        }
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 0, SETTINGS);
        long bigStarted = -1;
        int backfilledBeforeBig = 0;
        for (long now = 0; now <= 3_000 && bigStarted < 0; now += 50) {
            s = tick(s, now, endsAt);
            Decisions d = scheduler.decide(s);
            for (Admit a : d.admits()) {
                if (a.trial().id().equals("big")) {
                    bigStarted = now;
                } else {
                    backfilledBeforeBig++;
                    endsAt.put(a.trial().id(), now + 600);
                }
            }
            if (bigStarted < 0) {
                assertThat(d.reservations()).extracting(r -> r.trial().id()).containsExactly("big");
                assertThat(d.waits().get(0).trial().id()).isEqualTo("big");
                assertThat(d.waits().get(0).reason()).startsWith("first in line: machine");
            }
            s = d.applyTo(s);
        }
        assertThat(bigStarted).isBetween(0L, SETTINGS.reservationWindow());
        assertThat(backfilledBeforeBig).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBoundedShortTrialBackfillsGpusHeldForAGangTrialAndALongOrUnboundedOneDoesNot() {
        Pool pool = pool("east", 1, 4);
        List<Tenant> tenants = List.of(new Tenant("acme", 1, Map.of(), 0));
        Resources fourGpus = new Resources(4, "", 4_000, 16_000, 1);
        // Half done after 1,000: expected to free its two GPUs at 1,000, when the 4-GPU trial can start.
        List<RunningTrial> running = List.of(new RunningTrial(
                "r0", "acme", "other", "east", "m0", List.of(0, 1), ONE_GPU.plus(ONE_GPU), -1_000, 0.5));
        List<WaitingTrial> queue = List.of(
                waiting("big", "acme", "big", 0, fourGpus, 0),
                new WaitingTrial("short", "acme", "short", 0, ONE_GPU, Set.of(), 1, 600),
                new WaitingTrial("long", "acme", "long", 0, ONE_GPU, Set.of(), 2, 5_000),
                waiting("unbounded", "acme", "unbounded", 0, ONE_GPU, 3));
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 0, SETTINGS);

        Decisions d = scheduler.decide(s);

        assertThat(d.reservations()).singleElement().satisfies(r -> {
            assertThat(r.trial().id()).isEqualTo("big");
            assertThat(r.expectedAt()).isEqualTo(1_000);
        });
        assertThat(d.admits()).extracting(a -> a.trial().id()).containsExactly("short");
        assertThat(d.admits().get(0).asRunning(0).deadline()).isEqualTo(600);
        assertThat(d.waits()).extracting(w -> w.trial().id()).containsExactly("big", "long", "unbounded");
        // The short trial ends by 600, so the reservation's expected start does not move.
        Snapshot after = d.applyTo(s);
        assertThat(scheduler.decide(after).reservations())
                .singleElement()
                .satisfies(r -> assertThat(r.expectedAt()).isEqualTo(1_000));

        // With backfill off the held GPUs stay idle, even for the short trial.
        Snapshot off =
                new Snapshot(List.of(pool), tenants, queue, running, 0, new Settings(100, 1_000, 0, false, false));
        assertThat(scheduler.decide(off).admits()).isEmpty();
    }

    @Test
    void aTenantLateInTheOrderStillBackfillsAfterEveryDemandFailedAndOneWithALongBoundIsSettledWithoutAWalk() {
        Pool pool = pool("east", 2, 4);
        List<Tenant> tenants = List.of(
                new Tenant("a-big", 1, Map.of(), 0),
                new Tenant("b-mid", 1, Map.of(), 0),
                new Tenant("c-late", 1, Map.of(), 0),
                new Tenant("d-slow", 1, Map.of(), 0),
                new Tenant("hog", 1, Map.of(), 0));
        Resources fourGpus = new Resources(4, "", 4_000, 16_000, 1);
        // m0 frees two GPUs at 1,000 (half done), m1 much later: a-big's 4-GPU trial reserves m0.
        List<RunningTrial> running = List.of(
                new RunningTrial("r0", "hog", "h", "east", "m0", List.of(0, 1), ONE_GPU.plus(ONE_GPU), -1_000, 0.5),
                new RunningTrial("r1", "hog", "h", "east", "m1", List.of(0, 1, 2, 3), fourGpus, -1_000, 0.1));
        List<WaitingTrial> queue = List.of(
                waiting("big", "a-big", "e1", 0, fourGpus, 0),
                waiting("mid", "b-mid", "e2", 0, ONE_GPU, 1),
                new WaitingTrial("short", "c-late", "e3", 0, ONE_GPU, Set.of(), 2, 600),
                new WaitingTrial("slow", "d-slow", "e4", 0, ONE_GPU, Set.of(), 3, 5_000));
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 0, SETTINGS);

        Decisions d = scheduler.decide(s);

        // Once "big" reserved and "mid" found no machine, every demand has failed; the tenants after them
        // are settled without a walk only when none of their trials could end before the reservation starts.
        assertThat(d.reservations()).singleElement().satisfies(r -> {
            assertThat(r.trial().id()).isEqualTo("big");
            assertThat(r.machine()).isEqualTo("m0");
            assertThat(r.expectedAt()).isEqualTo(1_000);
        });
        assertThat(d.admits()).singleElement().satisfies(a -> {
            assertThat(a.trial().id()).isEqualTo("short");
            assertThat(a.machine()).isEqualTo("m0");
        });
        assertThat(d.waits()).extracting(w -> w.trial().id()).containsExactlyInAnyOrder("big", "mid", "slow");
        assertThat(d.waits())
                .filteredOn(w -> w.trial().id().equals("slow"))
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.why()).isEqualTo(new WaitReason.BehindReservation("east", "m0", "big", "a-big"));
                    // "big" is another tenant's trial, so the words do not name it.
                    assertThat(w.reason()).contains("held on m0 for another tenant's trial");
                });
    }

    @Test
    void aTenantWhoseShortestTrialFitsBeforeAReservationBackfillsAfterThePoolsAreExhausted() {
        Pool pool = pool("east", 1, 4);
        List<Tenant> tenants = List.of(
                new Tenant("a-gang", 1, Map.of(), 0),
                new Tenant("b-unbounded", 1, Map.of(), 0),
                new Tenant("c-mixed", 1, Map.of(), 0));
        Resources fourGpus = new Resources(4, "", 4_000, 16_000, 1);
        // c-mixed runs two GPUs, half done: expected to free them at 1,000, so it comes last in line.
        List<RunningTrial> running = List.of(new RunningTrial(
                "r0", "c-mixed", "other", "east", "m0", List.of(0, 1), ONE_GPU.plus(ONE_GPU), -1_000, 0.5));
        List<WaitingTrial> queue = List.of(
                waiting("big", "a-gang", "big", 0, fourGpus, 0),
                waiting("free-rider", "b-unbounded", "e", 0, ONE_GPU, 1),
                new WaitingTrial("long", "c-mixed", "long", 0, ONE_GPU, Set.of(), 2, 5_000),
                new WaitingTrial("short", "c-mixed", "short", 1, ONE_GPU, Set.of(), 3, 600));
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 0, SETTINGS);

        Decisions d = scheduler.decide(s);

        assertThat(d.reservations())
                .singleElement()
                .satisfies(r -> assertThat(r.trial().id()).isEqualTo("big"));
        // Every demand has failed by the time c-mixed's turn comes, yet its shortest trial ends by the
        // reservation's start, so the pass must walk it rather than settle it wholesale.
        assertThat(d.admits()).extracting(a -> a.trial().id()).containsExactly("short");
        assertThat(d.waits()).extracting(w -> w.trial().id()).contains("big", "free-rider", "long");
    }

    /** Finishes trials past their end and reports the others' progress. */
    private static Snapshot tick(Snapshot s, long now, Map<String, Long> endsAt) {
        List<RunningTrial> running = new ArrayList<>();
        for (RunningTrial r : s.running()) {
            long end = endsAt.get(r.id());
            if (end > now) {
                double progress = Math.min(1, Math.max(0, (double) (now - r.startedAt()) / (end - r.startedAt())));
                running.add(new RunningTrial(
                        r.id(),
                        r.tenant(),
                        r.experiment(),
                        r.pool(),
                        r.machine(),
                        r.gpuIndices(),
                        r.demand(),
                        r.startedAt(),
                        progress));
            }
        }
        return new Snapshot(s.pools(), s.tenants(), s.waiting(), running, now, s.settings(), s.expectedRuntimes());
    }

    @Test
    void explainsQuotaAndFragmentationInWordsAUserUnderstands() {
        Pool east = pool("east", 2, 4);
        List<Tenant> tenants =
                List.of(new Tenant("acme", 1, Map.of("east", quota(6, 0)), 0), new Tenant("globex", 1, Map.of(), 0));
        List<RunningTrial> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(new RunningTrial("a" + i, "acme", "ae", "east", "m" + i / 2, List.of(i % 2), ONE_GPU, 0, 0.5));
        }
        Resources twoGpus = new Resources(2, "", 1_000, 4_000, 1);
        running.add(new RunningTrial("a4", "acme", "ae", "east", "m0", List.of(2, 3), twoGpus, 0, 0.5));
        Resources fourGpus = new Resources(4, "", 1_000, 4_000, 1);
        List<WaitingTrial> queue = List.of(
                waiting("acme-next", "acme", "ae", 0, ONE_GPU, 1),
                waiting("globex-big", "globex", "ge", 0, fourGpus, 2));
        Snapshot s = new Snapshot(List.of(east), tenants, queue, running, 1_000, SETTINGS);

        Map<String, String> reasons = new HashMap<>();
        scheduler.decide(s).waits().forEach(w -> reasons.put(w.trial().id(), w.reason()));

        assertThat(reasons.get("acme-next"))
                .isEqualTo("tenant acme at nominal quota 6/6 gpu in pool east; borrowing limit reached");
        assertThat(reasons.get("globex-big")).startsWith("first in line: machine m0 in pool east is reserved for it");

        // With a second 4-GPU trial behind it, the second sees the hole left outside the reservation.
        List<WaitingTrial> two = new ArrayList<>(queue);
        two.add(waiting("globex-big2", "globex", "ge", 0, fourGpus, 3));
        Snapshot s2 = new Snapshot(List.of(east), tenants, two, running, 1_000, SETTINGS);
        Map<String, String> reasons2 = new HashMap<>();
        scheduler.decide(s2).waits().forEach(w -> reasons2.put(w.trial().id(), w.reason()));
        assertThat(reasons2.get("globex-big2")).isEqualTo("no machine in pool east has 4 free GPUs; largest hole 2");
    }

    @Test
    void withHeadsFirstAGangTrialKeepsTheMachineItFitsAndTheNominalOwnerReclaimsElsewhere() {
        Pool pool = pool("east", 2, 4);
        List<Tenant> tenants = List.of(
                new Tenant("owner", 1, Map.of("east", quota(4, 0)), 0),
                new Tenant("other", 1, Map.of(), 0),
                new Tenant("big", 1, Map.of(), 0));
        List<RunningTrial> running = List.of(
                new RunningTrial("o1", "owner", "oe", "east", "m1", List.of(0), ONE_GPU, 0, 0.5),
                new RunningTrial("o2", "owner", "oe", "east", "m1", List.of(1), ONE_GPU, 0, 0.5),
                new RunningTrial("x1", "other", "xe", "east", "m1", List.of(2), ONE_GPU, 0, 0.5),
                new RunningTrial("x2", "other", "xe", "east", "m1", List.of(3), ONE_GPU, 10, 0.5));
        List<WaitingTrial> queue = List.of(
                waiting("gang", "big", "be", 0, new Resources(4, "", 4_000, 16_000, 1), 0),
                waiting("own1", "owner", "oe", 0, ONE_GPU, 1),
                waiting("own2", "owner", "oe", 0, ONE_GPU, 2));
        Settings headsFirst = new Settings(100, 1_000, 0, true);

        Decisions plain = scheduler.decide(new Snapshot(List.of(pool), tenants, queue, running, 1_000, SETTINGS));
        Decisions first = scheduler.decide(new Snapshot(List.of(pool), tenants, queue, running, 1_000, headsFirst));

        assertThat(plain.admits()).extracting(a -> a.trial().id()).containsExactlyInAnyOrder("own1", "own2");
        assertThat(plain.waits()).extracting(w -> w.trial().id()).containsExactly("gang");
        assertThat(first.admits())
                .extracting(a -> a.trial().id() + "@" + a.machine())
                .containsExactlyInAnyOrder("gang@m0", "own1@m1", "own2@m1");
        assertThat(first.preempts()).extracting(p -> p.trial().id()).containsExactlyInAnyOrder("x1", "x2");
    }

    @Test
    void aTenantBelowItsFairShareGetsItsGangTrialByPreemptingTheTenantAboveItsShareOnlyWhenTurnedOn() {
        Pool pool = pool("east", 1, 8);
        List<Tenant> tenants = List.of(new Tenant("wide", 1, Map.of(), 0), new Tenant("gang", 1, Map.of(), 0));
        List<RunningTrial> running = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            running.add(new RunningTrial("w" + i, "wide", "e", "east", "m0", List.of(i), ONE_GPU, -1_000 + i, 0.1 * i));
        }
        List<WaitingTrial> queue = new ArrayList<>();
        queue.add(waiting("big", "gang", "g", 0, new Resources(4, "", 4_000, 16_000, 1), 0));
        for (int i = 0; i < 4; i++) {
            queue.add(waiting("more" + i, "wide", "e", 0, ONE_GPU, 0));
        }
        Settings on = new Settings(100, 1_000, 0, false, true, true);
        Snapshot s = new Snapshot(List.of(pool), tenants, queue, running, 0, on);

        Decisions d = scheduler.decide(s);

        // Demands 12 and 4 GPUs of 8: fair shares 4 and 4. Four of wide's newest trials make room.
        assertThat(d.preempts()).extracting(p -> p.trial().id()).containsExactlyInAnyOrder("w7", "w6", "w5", "w4");
        assertThat(d.preempts()).allSatisfy(p -> {
            assertThat(p.reason()).contains("fair share");
            assertThat(p.cause()).isEqualTo(Preempt.Cause.FAIR_SHARE);
        });
        assertThat(d.admits()).extracting(a -> a.trial().id()).containsExactly("big");
        Snapshot after = d.applyTo(s);
        assertThat(gpusOf(after, "wide")).isEqualTo(4);
        assertThat(gpusOf(after, "gang")).isEqualTo(4);
        Decisions again = scheduler.decide(after);
        assertThat(again.preempts()).isEmpty();
        assertThat(again.admits()).isEmpty();

        // Off (the default): only nominal-quota reclaim preempts, so the gang trial waits.
        Snapshot off = new Snapshot(List.of(pool), tenants, queue, running, 0, new Settings(100, 1_000, 0));
        Decisions offDecisions = scheduler.decide(off);
        assertThat(offDecisions.preempts()).isEmpty();
        assertThat(offDecisions.admits()).isEmpty();
    }
}
