package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitingQueueTest {
    private static final int SNAPSHOTS = 1_000;
    private final Scheduler scheduler = new FairShareScheduler();

    @Test
    void aQueueKeptBetweenPassesDecidesExactlyAsThePlainListOfTheSameTrials() {
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot plain = RandomSnapshots.generate(seed);
            Random rng = new Random(seed);
            WaitingQueue queue = new WaitingQueue();
            List<WaitingTrial> strays = new ArrayList<>();
            for (WaitingTrial t : plain.waiting()) {
                queue.add(t);
                if (rng.nextInt(3) == 0) {
                    WaitingTrial stray = new WaitingTrial(
                            t.id() + "-stray",
                            t.tenant(),
                            t.experiment(),
                            t.priority(),
                            t.demand(),
                            t.allowedPools(),
                            7);
                    queue.add(stray);
                    strays.add(stray);
                }
            }
            QueuedTrials before = queue.freeze();
            strays.forEach(s -> assertThat(queue.remove(s)).isTrue());
            Snapshot indexed = new Snapshot(
                    plain.pools(),
                    plain.tenants(),
                    queue.freeze(),
                    plain.running(),
                    plain.now(),
                    plain.settings(),
                    plain.expectedRuntimes());

            assertThat(before).hasSize(plain.waiting().size() + strays.size());
            assertThat(indexed.waiting()).containsExactlyInAnyOrderElementsOf(plain.waiting());
            assertThat(DecisionLines.of(scheduler.decide(indexed)))
                    .as("seed %d", seed)
                    .isEqualTo(DecisionLines.of(scheduler.decide(plain)));
        }
    }

    @Test
    void aFrozenListDoesNotSeeLaterChangesToTheQueue() {
        WaitingQueue queue = new WaitingQueue();
        WaitingTrial a = trial("a", "t1", 1, 1);
        WaitingTrial b = trial("b", "t1", 1, 2);
        queue.add(a);
        QueuedTrials first = queue.freeze();
        queue.add(b);
        queue.remove(a);
        QueuedTrials second = queue.freeze();

        assertThat(first).containsExactly(a);
        assertThat(second).containsExactly(b);
        assertThat(queue.remove(a)).isFalse();
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void refusesToQueueTheSameTrialTwiceAndNamesIt() {
        WaitingQueue queue = new WaitingQueue();
        queue.add(trial("a", "t1", 1, 1));

        assertThatThrownBy(() -> queue.add(trial("a", "t1", 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trial a");
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void listsTenantsThenExperimentsThenTrialsInTheOrderTheExperimentWantsThem() {
        WaitingTrial late = new WaitingTrial("late", "t1", "e1", 0, gpus(1), Set.of(), 9);
        WaitingTrial urgent = new WaitingTrial("urgent", "t1", "e1", 5, gpus(1), Set.of(), 10);
        WaitingTrial early = new WaitingTrial("early", "t1", "e1", 0, gpus(1), Set.of(), 1);
        WaitingTrial other = trial("other", "t0", 2, 3);

        QueuedTrials queued = QueuedTrials.of(List.of(late, urgent, other, early));

        assertThat(queued).containsExactly(other, urgent, early, late);
    }

    /**
     * A full cluster and thousands of waiting trials: once every demand has failed everywhere the
     * pass settles the remaining tenants wholesale; each trial must still wait exactly once, with a
     * reason and its position.
     */
    @Test
    void aSaturatedClusterLeavesEveryTrialOfAThousandTenantsWaitingOnceWithAReason() {
        List<Machine> machines = new ArrayList<>();
        List<RunningTrial> running = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            machines.add(Machine.withGpus("m" + m, new Resources(8, "", 64_000, 512_000, 64)));
            for (int g = 0; g < 8; g++) {
                running.add(new RunningTrial(
                        "r" + m + "-" + g, "t" + g, "e", "pool", "m" + m, List.of(g), gpus(1), 0, 0.5));
            }
        }
        Pool pool = Pool.of("pool", machines);
        List<Tenant> tenants = new ArrayList<>();
        List<WaitingTrial> waiting = new ArrayList<>();
        for (int t = 0; t < 1_000; t++) {
            tenants.add(new Tenant("t" + t, 1 + t % 3, Map.of(), 0));
            for (int i = 0; i < 5; i++) {
                waiting.add(trial("w" + t + "-" + i, "t" + t, 1 << (i % 4), i));
            }
        }
        waiting.add(new WaitingTrial("stranger", "nobody", "e", 0, gpus(1), Set.of(), 0));
        Snapshot s = new Snapshot(List.of(pool), tenants, waiting, running, 10_000, Settings.DEFAULTS);

        Decisions d = scheduler.decide(s);

        assertThat(d.admits()).isEmpty();
        assertThat(d.waits()).hasSize(waiting.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < d.waits().size(); i++) {
            Wait w = d.waits().get(i);
            assertThat(w.position()).isEqualTo(i + 1);
            assertThat(w.reason()).isNotBlank();
            seen.merge(w.trial().id(), 1, Integer::sum);
        }
        assertThat(seen)
                .hasSize(waiting.size())
                .allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
        assertThat(d.waits().get(d.waits().size() - 1).reason()).contains("nobody");
        assertThat(d.waits().stream().filter(w -> w.trial().id().equals("w999-3")))
                .singleElement()
                .satisfies(w -> assertThat(w.reason()).contains("8 free GPUs"));
    }

    private static Resources gpus(int n) {
        return new Resources(n, "", 1_000L * n, 4_000L * n, 1);
    }

    private static WaitingTrial trial(String id, String tenant, int gpus, long at) {
        return new WaitingTrial(id, tenant, tenant + "-e" + (at % 2), 0, gpus(gpus), Set.of(), at);
    }
}
