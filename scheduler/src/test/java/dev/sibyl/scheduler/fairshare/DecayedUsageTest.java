package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class DecayedUsageTest {
    private final DecayedUsage usage = new DecayedUsage(3_600);

    @Test
    void halvesAfterOneHalfLife() {
        assertThat(usage.decay(8, 3_600)).isEqualTo(4, offset(1e-9));
        assertThat(usage.decay(8, 7_200)).isEqualTo(2, offset(1e-9));
    }

    @Test
    void accumulatingInStepsEqualsAccumulatingAtOnce() {
        double stepwise = 0;
        for (int i = 0; i < 60; i++) {
            stepwise = usage.accumulate(stepwise, 0.25, 60);
        }
        assertThat(stepwise).isEqualTo(usage.accumulate(0, 0.25, 3_600), offset(1e-6));
    }

    @Test
    void constantUsageConvergesToRateTimesMeanLifetime() {
        double value = usage.accumulate(0, 0.5, 3_600 * 100);
        assertThat(value).isEqualTo(0.5 * 3_600 / Math.log(2), offset(1e-6));
    }

    @Test
    void rejectsANonPositiveHalfLife() {
        assertThatThrownBy(() -> new DecayedUsage(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
