package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RunningLedgerTest {
    private static final int SNAPSHOTS = 1_000;
    private final Scheduler scheduler = new FairShareScheduler();

    @Test
    void aLedgerKeptBetweenPassesDecidesExactlyAsThePlainListOfTheSameTrials() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot plain = RandomSnapshots.generate(seed);
            Random rng = new Random(seed);
            RunningLedger ledger = churned(plain.running(), rng);
            Snapshot indexed = new Snapshot(
                    plain.pools(),
                    plain.tenants(),
                    plain.waiting(),
                    ledger.freeze(),
                    plain.now(),
                    plain.settings(),
                    plain.expectedRuntimes());

            assertThat(indexed.running()).containsExactlyInAnyOrderElementsOf(plain.running());
            assertThat(DecisionLines.of(scheduler.decide(indexed)))
                    .as("seed %d", seed)
                    .isEqualTo(DecisionLines.of(scheduler.decide(plain)));
            // Carrying the decisions out keeps the index and agrees with the plain list too.
            Decisions d = scheduler.decide(indexed);
            Snapshot afterIndexed = d.applyTo(indexed);
            Snapshot afterPlain = d.applyTo(plain);
            assertThat(afterIndexed.running()).isInstanceOf(RunningTrials.class);
            assertThat(afterIndexed.running()).containsExactlyInAnyOrderElementsOf(afterPlain.running());
            assertThat(describe((RunningTrials) afterIndexed.running())).isEqualTo(sums(afterPlain.running()));
            assertThat(DecisionLines.of(scheduler.decide(afterIndexed)))
                    .as("seed %d after", seed)
                    .isEqualTo(DecisionLines.of(scheduler.decide(afterPlain)));
        }
    }

    @Test
    void theIndexHoldsWhatSummingTheRunningTrialsGivesAfterAnySequenceOfChanges() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot plain = RandomSnapshots.generate(seed);
            RunningTrials frozen = churned(plain.running(), new Random(seed)).freeze();
            assertThat(describe(frozen)).as("seed %d", seed).isEqualTo(sums(plain.running()));
            assertThat(describe(RunningTrials.of(plain.running()))).isEqualTo(sums(plain.running()));
        }
    }

    @Test
    void aFrozenListDoesNotSeeLaterChangesToTheLedger() {
        RunningLedger ledger = new RunningLedger();
        RunningTrial a = trial("a", "t1", "m1", List.of(0), 10);
        RunningTrial b = trial("b", "t2", "m1", List.of(1), 20);
        ledger.start(a);
        RunningTrials first = ledger.freeze();
        ledger.start(b);
        ledger.progress("a", 0.5);
        RunningTrials second = ledger.freeze();
        ledger.end("a");

        assertThat(first).containsExactly(a);
        assertThat(first.current("a").progress()).isZero();
        assertThat(second).extracting(RunningTrial::id).containsExactly("a", "b");
        assertThat(second.current("a").progress()).isEqualTo(0.5);
        assertThat(ledger.freeze()).containsExactly(b);
        assertThat(describe(first)).isEqualTo(sums(List.of(a)));
    }

    /**
     * Each machine's trials read their progress from a slot (a pass reads it without a look-up per
     * trial). Slots are reused once their trial ends, and a frozen list must keep reading the progress it
     * was frozen with, whatever the ledger does afterwards.
     */
    @Test
    void everyFrozenListReadsItsOwnTrialsProgressFromTheirSlotsThroughSlotReuseAndLaterChanges() {
        Random rng = new Random(7);
        RunningLedger ledger = new RunningLedger();
        List<RunningTrials> frozen = new ArrayList<>();
        List<Map<String, Double>> progressWhenFrozen = new ArrayList<>();
        Map<String, Double> progress = new HashMap<>();
        int started = 0;
        for (int step = 0; step < 5_000; step++) {
            int op = rng.nextInt(10);
            List<String> running = new ArrayList<>(new TreeSet<>(progress.keySet()));
            if (op < 4 || running.isEmpty()) {
                String id = "r" + started++;
                String machine = "m" + rng.nextInt(3);
                double p = rng.nextInt(3) == 0 ? 0 : rng.nextDouble();
                RunningTrial trial = new RunningTrial(
                        id,
                        "t" + rng.nextInt(4),
                        "e",
                        "p",
                        machine,
                        List.of(),
                        Resources.of(0, 100, 10),
                        step,
                        p,
                        step + rng.nextInt(100));
                ledger.start(trial);
                progress.put(id, p);
            } else if (op < 6) {
                String id = running.get(rng.nextInt(running.size()));
                assertThat(ledger.end(id)).isTrue();
                progress.remove(id);
            } else if (op < 9) {
                String id = running.get(rng.nextInt(running.size()));
                double p = rng.nextDouble();
                assertThat(ledger.progress(id, p)).isTrue();
                progress.put(id, p);
            } else {
                frozen.add(ledger.freeze());
                progressWhenFrozen.add(new HashMap<>(progress));
            }
        }
        assertThat(frozen).hasSizeGreaterThan(100);
        for (int f = 0; f < frozen.size(); f++) {
            RunningTrials view = frozen.get(f);
            Map<String, Double> expected = progressWhenFrozen.get(f);
            Map<String, Double> read = new HashMap<>();
            RunningTrials.PoolLoad pool = view.pool("p");
            if (pool != null) {
                pool.machines().values().forEach(m -> {
                    for (int i = 0; i < m.trials().size(); i++) {
                        RunningTrial t = m.trials().get(i);
                        read.put(t.id(), view.progressAt(m.slots()[i]));
                        int at = i * RunningTrials.MachineLoad.FIXED;
                        assertThat(new long[] {m.fixed()[at], m.fixed()[at + 1], m.fixed()[at + 3]})
                                .containsExactly(
                                        t.startedAt(), t.deadline(), t.demand().cpuMillis());
                    }
                });
            }
            assertThat(read).as("frozen list %d", f).isEqualTo(expected);
        }
    }

    @Test
    void aPlainListWithARepeatedTrialIdIsRefused() {
        RunningTrial a = trial("a", "t1", "m1", List.of(0), 10);
        RunningTrial again = trial("a", "t2", "m2", List.of(1), 20);

        assertThatThrownBy(() -> RunningTrials.of(List.of(a, again))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunningTrials.of(List.of(a)).with(List.of(again), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RunningTrials.of(List.of(a)).with(List.of(again), List.of("a")))
                .containsExactly(again);
    }

    @Test
    void startingARunningTrialAgainIsRefusedAndEndingAnUnknownOneChangesNothing() {
        RunningLedger ledger = new RunningLedger();
        RunningTrial a = trial("a", "t1", "m1", List.of(0), 10);
        ledger.start(a);

        assertThatThrownBy(() -> ledger.start(a)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.end("nope")).isFalse();
        assertThat(ledger.progress("nope", 0.3)).isFalse();
        assertThat(ledger.end("a")).isTrue();
        assertThat(ledger.size()).isZero();
        assertThat(describe(ledger.freeze())).isEqualTo(sums(List.of()));
    }

    @Test
    void onlyTrialsStartedAtOrAfterNowCountAsJustStarted() {
        RunningLedger ledger = new RunningLedger();
        ledger.start(trial("old", "t1", "m1", List.of(0), 10));
        ledger.start(trial("new", "t1", "m1", List.of(1), 20));
        ledger.start(trial("newer", "t2", "m2", List.of(0), 30));
        RunningTrials frozen = ledger.freeze();

        assertThat(frozen.startedSince(31)).isEmpty();
        assertThat(frozen.startedSince(30)).extracting(RunningTrial::id).containsExactly("newer");
        assertThat(frozen.startedSince(20)).extracting(RunningTrial::id).containsExactlyInAnyOrder("new", "newer");
        ledger.end("newer");
        assertThat(ledger.freeze().startedSince(30)).isEmpty();
        assertThat(ledger.freeze().startedSince(20))
                .extracting(RunningTrial::id)
                .containsExactly("new");
    }

    /**
     * A ledger holding exactly {@code trials}, reached through a random history: trials started in
     * shuffled order with no progress, strays started and ended, freezes in between, progress set last.
     */
    private static RunningLedger churned(List<RunningTrial> trials, Random rng) {
        RunningLedger ledger = new RunningLedger();
        List<RunningTrial> order = new ArrayList<>(trials);
        Collections.shuffle(order, rng);
        List<String> strays = new ArrayList<>();
        for (RunningTrial r : order) {
            ledger.start(withProgress(r, 0));
            if (rng.nextInt(3) == 0) {
                RunningTrial stray = new RunningTrial(
                        r.id() + "-stray",
                        rng.nextBoolean() ? r.tenant() : "someone-else",
                        r.experiment(),
                        r.pool(),
                        r.machine(),
                        r.gpuIndices(),
                        r.demand(),
                        r.startedAt() + rng.nextInt(3) - 1,
                        rng.nextDouble());
                ledger.start(stray);
                strays.add(stray.id());
            }
            if (rng.nextInt(4) == 0) {
                ledger.freeze();
            }
        }
        Collections.shuffle(strays, rng);
        for (String id : strays) {
            assertThat(ledger.end(id)).isTrue();
            if (rng.nextInt(4) == 0) {
                ledger.freeze();
            }
        }
        for (RunningTrial r : order) {
            assertThat(ledger.progress(r.id(), r.progress())).isTrue();
        }
        return ledger;
    }

    private static RunningTrial withProgress(RunningTrial r, double progress) {
        return new RunningTrial(
                r.id(),
                r.tenant(),
                r.experiment(),
                r.pool(),
                r.machine(),
                r.gpuIndices(),
                r.demand(),
                r.startedAt(),
                progress,
                r.deadline());
    }

    /** What the index says, as text: per pool, machine and tenant. */
    private static Map<String, String> describe(RunningTrials frozen) {
        Map<String, String> out = new TreeMap<>();
        frozen.pools.forEach((pool, load) -> {
            load.machines().forEach((machine, m) -> {
                TreeSet<String> ids = new TreeSet<>();
                m.trials().forEach(t -> ids.add(t.id()));
                List<Integer> held = new ArrayList<>();
                for (int i : m.heldIndices()) {
                    held.add(i);
                }
                out.put("machine " + pool + "/" + machine, ids + " " + amount(m.used()) + " gpus " + held);
            });
            load.usage()
                    .forEach((tenant, u) -> out.put(
                            "usage " + pool + "/" + tenant,
                            amount(u) + " x" + load.trials().get(tenant)));
        });
        frozen.tenantLoads()
                .forEach((tenant, load) -> out.put(
                        "tenant " + tenant,
                        amount(load.usage()) + " x" + load.trials() + " " + new TreeMap<>(load.byExperiment())));
        for (RunningTrial r : frozen) {
            out.put("trial " + r.id(), r.toString());
        }
        return out;
    }

    /** The same, summed from the plain list. */
    private static Map<String, String> sums(List<RunningTrial> trials) {
        Map<String, List<RunningTrial>> byMachine = new HashMap<>();
        Map<String, List<RunningTrial>> byPoolTenant = new HashMap<>();
        Map<String, List<RunningTrial>> byTenant = new HashMap<>();
        for (RunningTrial r : trials) {
            byMachine
                    .computeIfAbsent(r.pool() + "/" + r.machine(), k -> new ArrayList<>())
                    .add(r);
            byPoolTenant
                    .computeIfAbsent(r.pool() + "/" + r.tenant(), k -> new ArrayList<>())
                    .add(r);
            byTenant.computeIfAbsent(r.tenant(), k -> new ArrayList<>()).add(r);
        }
        Map<String, String> out = new TreeMap<>();
        byMachine.forEach((key, list) -> {
            TreeSet<String> ids = new TreeSet<>();
            TreeSet<Integer> held = new TreeSet<>();
            list.forEach(t -> {
                ids.add(t.id());
                held.addAll(t.gpuIndices());
            });
            out.put("machine " + key, ids + " " + total(list) + " gpus " + new ArrayList<>(held));
        });
        byPoolTenant.forEach((key, list) -> out.put("usage " + key, total(list) + " x" + list.size()));
        byTenant.forEach((tenant, list) -> {
            Map<String, Integer> perExperiment = new TreeMap<>();
            list.forEach(t -> perExperiment.merge(t.experiment(), 1, Integer::sum));
            out.put("tenant " + tenant, total(list) + " x" + list.size() + " " + perExperiment);
        });
        trials.forEach(r -> out.put("trial " + r.id(), r.toString()));
        return out;
    }

    private static String amount(RunningTrials.Amount a) {
        return a.gpus() + "g " + a.cpuMillis() + "m " + a.memoryMb() + "MB " + a.slots() + "s";
    }

    private static String total(List<RunningTrial> trials) {
        long g = 0;
        long c = 0;
        long m = 0;
        long s = 0;
        for (RunningTrial t : trials) {
            g += t.demand().gpus();
            c += t.demand().cpuMillis();
            m += t.demand().memoryMb();
            s += t.demand().slots();
        }
        return g + "g " + c + "m " + m + "MB " + s + "s";
    }

    private static RunningTrial trial(String id, String tenant, String machine, List<Integer> gpus, long startedAt) {
        return new RunningTrial(
                id, tenant, tenant + "-e", "p1", machine, gpus, Resources.of(gpus.size(), 500, 1_000), startedAt, 0);
    }
}
