package dev.sibyl.trainers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPoolSettingsTest {
    @Test
    void defaultsAreNnisLocalDefaults() {
        assertThat(LocalPoolSettings.defaults())
                .isEqualTo(new LocalPoolSettings(null, 1, false, Duration.ofSeconds(5)));
    }

    @Test
    void gpuIndicesAreCopied() {
        List<Integer> indices = new ArrayList<>(List.of(0, 2));
        LocalPoolSettings settings = new LocalPoolSettings(indices, 1, false, Duration.ZERO);
        indices.add(3);

        assertThat(settings.gpuIndices()).containsExactly(0, 2);
    }

    @Test
    void rejectsImpossibleValues() {
        assertThatThrownBy(() -> new LocalPoolSettings(List.of(-1), 1, false, Duration.ZERO))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new LocalPoolSettings(List.of(1, 1), 1, false, Duration.ZERO))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> new LocalPoolSettings(null, 0, false, Duration.ZERO))
                .hasMessageContaining("maxTrialNumberPerGpu");
        assertThatThrownBy(() -> new LocalPoolSettings(null, 1, false, Duration.ofSeconds(-1)))
                .hasMessageContaining("cancelGracePeriod");
        assertThatThrownBy(() -> new LocalPoolSettings(null, 1, false, null)).isInstanceOf(NullPointerException.class);
    }
}
