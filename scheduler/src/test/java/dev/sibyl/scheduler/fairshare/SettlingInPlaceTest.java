package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The settling passes run on the first pass's state with its decisions carried out in place (ADR 0026); they must
 * decide exactly as passes rebuilt from {@link Decisions#applyTo}, the way {@link FairShareScheduler} settled before.
 */
class SettlingInPlaceTest {
    private static final int SNAPSHOTS = 2_000;
    private static final int STEPS = 3;

    /** The settling loop before ADR 0026: every settling pass rebuilt from the carried-out snapshot. */
    private record Rebuilt(Decisions decisions, int passes) {}

    private static Rebuilt byRebuilding(Snapshot snapshot) {
        Snapshot current = new Snapshot(
                snapshot.pools(),
                snapshot.tenants(),
                QueuedTrials.of(snapshot.waiting()),
                RunningTrials.of(snapshot.running()),
                snapshot.now(),
                snapshot.settings(),
                snapshot.expectedRuntimes());
        FairSharePass first = new FairSharePass(current);
        Decisions decided = first.run();
        List<String> reached = first.fairnessOrder();
        Decisions last = decided;
        int passes = 1;
        while (passes < FairShareScheduler.MAX_SETTLING_PASSES && FairShareScheduler.needsSettling(last)) {
            current = last.applyTo(current);
            FairSharePass settling = new FairSharePass(current, reached);
            last = settling.run();
            reached = settling.fairnessOrder();
            decided = decided.followedBy(last);
            passes++;
        }
        return new Rebuilt(decided, passes);
    }

    /**
     * The random snapshot's own settings, then lending, fair-share preemption, loans above the fair share, and all
     * three with no minimum runtime, and the product defaults of ADR 0029 (heads first, fair-share debts).
     */
    private static List<Settings> variants(Settings t) {
        long min = t.minRuntimeBeforePreemption();
        long window = t.reservationWindow();
        double weight = t.pastUsageWeight();
        return List.of(
                t,
                new Settings(min, window, weight, t.headsFirst(), t.backfill(), false, true),
                new Settings(min, window, 1.0, t.headsFirst(), t.backfill(), true, false),
                new Settings(min, window, weight, t.headsFirst(), t.backfill(), false, false, true),
                new Settings(0, window, weight, !t.headsFirst(), !t.backfill(), true, true, true),
                new Settings(min, window, 1.0, true, t.backfill(), false, false, false, 32));
    }

    @Test
    void settlingInPlaceDecidesExactlyAsRebuildingFromTheCarriedOutSnapshot() {
        Scheduler scheduler = new FairShareScheduler();
        int settled = 0;
        int settledTwice = 0;
        int cases = 0;
        for (long seed = 0; seed < SNAPSHOTS; seed++) {
            Snapshot generated = RandomSnapshots.generate(seed);
            for (Settings settings : variants(generated.settings())) {
                Random rng = new Random(seed * 7 + settings.hashCode());
                Snapshot s = RandomSnapshots.with(generated, settings);
                for (int step = 0; step < STEPS; step++) {
                    Rebuilt expected = byRebuilding(s);
                    Decisions actual = scheduler.decide(s);
                    assertThat(actual)
                            .as("seed %d, %s, step %d", seed, settings, step)
                            .isEqualTo(expected.decisions());
                    cases++;
                    settled += expected.passes() > 1 ? 1 : 0;
                    settledTwice += expected.passes() > 2 ? 1 : 0;
                    Snapshot applied = expected.decisions().applyTo(s);
                    s = new Snapshot(
                            applied.pools(),
                            applied.tenants(),
                            applied.waiting(),
                            applied.running(),
                            applied.now() + rng.nextInt(900),
                            applied.settings(),
                            applied.expectedRuntimes());
                }
            }
        }
        // The comparison means something only if many decides ran settling passes, some more than one.
        assertThat(settled).as("decides that settled, of %d", cases).isGreaterThan(cases / 10);
        assertThat(settledTwice).as("decides that settled twice, of %d", cases).isGreaterThan(20);
    }
}
