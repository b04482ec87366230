package dev.sibyl.tuner.builtin.hyperband;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.asha.AshaFactory;
import dev.sibyl.tuner.builtin.bohb.BohbFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Replay equals live in the setups the contract runs do not reach: serial Hyperband waiting on rungs, BOHB with
 * its model in use, ASHA deep in its rungs. Trials end out of order, some fail; at every ask a fresh tuner handed
 * the same history must answer exactly what the live one did.
 */
class AdvisorReplayTest {
    private static final SearchSpace SPACE = SearchSpace.parse(LearningCurveSimulation.SPACE);

    private static void assertReplayEqualsLive(TunerFactory factory, Map<String, Object> args, int asks) {
        Tuner live = factory.create(new Settings(args), SPACE, 42);
        SimulatedExperiment e = new SimulatedExperiment();
        SplittableRandom schedule = new SplittableRandom(8);
        int proposed = 0;
        for (int ask = 0; ask < asks; ask++) {
            int n = 1 + schedule.nextInt(4);
            History before = e.history();
            List<Map<String, Object>> batch = live.ask(before, n);
            assertThat(factory.create(new Settings(args), SPACE, 42).ask(before, n))
                    .as("ask %s at history size %s", ask, before.size())
                    .isEqualTo(batch);
            proposed += batch.size();
            e.submit(batch);
            for (long id : e.pendingIds()) {
                int roll = schedule.nextInt(10);
                Map<String, Object> p = e.observation(id).parameters();
                if (roll == 0) {
                    e.fail(id);
                } else if (roll < 6) {
                    e.succeed(id, LearningCurveSimulation.valueAt(p, ((Number) p.get(TrialBudget.KEY)).doubleValue()));
                }
            }
        }
        assertThat(proposed).isGreaterThan(asks / 2);
    }

    @Test
    void serialHyperbandReplaysWhileWaitingOnRungs() {
        assertReplayEqualsLive(new HyperbandFactory(), Map.of("R", 27, "exec_mode", "serial"), 120);
    }

    @Test
    void parallelHyperbandReplaysAcrossBrackets() {
        assertReplayEqualsLive(new HyperbandFactory(), Map.of("R", 27, "optimize_mode", "minimize"), 120);
    }

    @Test
    void bohbReplaysWithItsModelInUse() {
        assertReplayEqualsLive(new BohbFactory(), Map.of("min_budget", 1, "max_budget", 9, "num_samples", 24), 120);
    }

    @Test
    void ashaReplaysAcrossItsRungs() {
        assertReplayEqualsLive(new AshaFactory(), Map.of("max_budget", 27), 120);
    }
}
