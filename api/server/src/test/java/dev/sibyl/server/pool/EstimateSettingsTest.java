package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings of runtime estimates that the scheduler could not use stop the server at start, naming the property. */
class EstimateSettingsTest {
    @Test
    void quantileZeroIsOffAndOneIsOn() {
        assertThat(new EstimateSettings(0, 20, 3).on()).isFalse();
        assertThat(new EstimateSettings(1, 20, 3).on()).isTrue();
        assertThat(new EstimateSettings(0.5, 1, 1).newEstimates()).isNotNull();
    }

    @Test
    void aQuantileOutsideZeroToOneIsRefused() {
        for (double q : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new EstimateSettings(q, 20, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sibyl.scheduler.runtime-estimates is a quantile in [0, 1]");
        }
    }

    @Test
    void minSamplesMustBeBetweenOneAndTheWindow() {
        assertThatThrownBy(() -> new EstimateSettings(0.5, 20, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sibyl.scheduler.runtime-estimates.min-samples (0)");
        assertThatThrownBy(() -> new EstimateSettings(0.5, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sibyl.scheduler.runtime-estimates.window (2)");
    }
}
