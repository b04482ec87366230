package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FairShareSessionTest {
    private static final int SEQUENCES = 1_000;
    private static final int STEPS = 6;

    @Test
    void aSessionDecidesExactlyAsAFreshSchedulerOverRandomSnapshotSequences() {
        FairShareScheduler fresh = new FairShareScheduler();
        for (long seed = 0; seed < SEQUENCES; seed++) {
            Random rng = new Random(seed);
            FairShareSession session = new FairShareSession();
            Snapshot s = RandomSnapshots.generate(seed);
            for (int step = 0; step < STEPS; step++) {
                Decisions expected = fresh.decide(s);
                Decisions actual = session.decide(s);
                assertThat(actual).as("seed %d step %d", seed, step).isEqualTo(expected);
                s = next(rng, s, expected, seed, step);
            }
        }
    }

    @Test
    void aSessionKeepsNoDecisionsFromAnEarlierSnapshot() {
        FairShareSession session = new FairShareSession();
        Snapshot s = RandomSnapshots.generate(7);
        Decisions first = session.decide(s);
        session.decide(RandomSnapshots.generate(8));
        assertThat(session.decide(s)).isEqualTo(first);
    }

    /**
     * The next snapshot: the decisions carried out with usage and weights moved (so the fairness
     * order the session kept is stale), or an unrelated snapshot with other tenants and pools.
     */
    private static Snapshot next(Random rng, Snapshot s, Decisions d, long seed, int step) {
        if (rng.nextInt(4) == 0) {
            return RandomSnapshots.generate(seed * 31 + step + 100_000);
        }
        Snapshot applied = d.applyTo(s);
        List<Tenant> tenants = new ArrayList<>();
        for (Tenant t : applied.tenants()) {
            double usage = rng.nextBoolean() ? t.decayedUsage() : rng.nextDouble();
            double weight = rng.nextInt(3) == 0 ? 1 + rng.nextInt(4) : t.weight();
            tenants.add(new Tenant(t.id(), weight, t.quotas(), usage));
        }
        if (rng.nextInt(3) == 0 && tenants.size() > 1) {
            tenants.remove(rng.nextInt(tenants.size()));
        }
        return new Snapshot(
                applied.pools(),
                tenants,
                applied.waiting(),
                applied.running(),
                applied.now() + rng.nextInt(600),
                applied.settings());
    }
}
