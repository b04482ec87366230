package dev.sibyl.tuner.builtin.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerWarpTest {
    private static History history(double... values) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(Observation.succeeded(i, Map.of("x", i), values[i]));
        }
        return new History(out);
    }

    private static double[] values(History h) {
        return h.withValues().stream().mapToDouble(Observation::value).toArray();
    }

    @Test
    void takesTheLogarithmOfLossesSpanningOrdersOfMagnitude() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] losses = new double[60];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = Math.exp(10 * rng.nextDouble()); // log-uniform over four decades
        }
        double best = java.util.Arrays.stream(losses).min().orElseThrow();
        double worst = java.util.Arrays.stream(losses).max().orElseThrow();
        double offset = PowerWarp.OFFSET * (worst - best);

        double[] warped = values(PowerWarp.of(history(losses), OptimizeMode.MINIMIZE));

        for (int i = 0; i < losses.length; i++) {
            assertThat(warped[i]).isCloseTo(Math.log(losses[i] - best + offset), within(1e-9));
        }
    }

    @Test
    void onlyShiftsLossesThatAlreadyLookNormal() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] losses = new double[60];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = 5 + rng.nextGaussian();
        }
        double[] warped = values(PowerWarp.of(history(losses), OptimizeMode.MINIMIZE));
        // lambda = 1: every loss moves by the same amount.
        for (int i = 1; i < losses.length; i++) {
            assertThat(warped[i] - warped[0]).isCloseTo(losses[i] - losses[0], within(1e-9));
        }
    }

    @Test
    void turnsRewardsToMaximizeIntoLossesAndKeepsPendingOnes() {
        History h = history(1, 100, 10_000).plus(Observation.pending(3, Map.of("x", 3)));

        History warped = PowerWarp.of(h, OptimizeMode.MAXIMIZE);

        double[] v = values(warped);
        assertThat(v[2]).isLessThan(v[1]);
        assertThat(v[1]).isLessThan(v[0]);
        assertThat(warped.pending()).isEqualTo(h.pending());
    }
}
