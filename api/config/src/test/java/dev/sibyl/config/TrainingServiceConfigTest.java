package dev.sibyl.config;

import static dev.sibyl.config.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingServiceConfigTest {
    @Test
    void readsLocalSettingsWithNniDefaults() {
        TrainingServiceConfig unset = new TrainingServiceConfig("local", map("platform", "local"));
        assertThat(unset.gpuIndices()).isNull();
        assertThat(unset.maxTrialNumberPerGpu()).isEqualTo(1);
        assertThat(unset.useActiveGpu()).isNull();
        assertThat(unset.trialGpuNumber()).isNull();
        assertThat(unset.trialCommand()).isNull();
        assertThat(unset.reuseMode()).isFalse();

        TrainingServiceConfig set = new TrainingServiceConfig(
                "local",
                map(
                        "platform",
                        "local",
                        "trialCommand",
                        "run",
                        "trialGpuNumber",
                        2,
                        "useActiveGpu",
                        true,
                        "maxTrialNumberPerGpu",
                        3,
                        "gpuIndices",
                        List.of(1, 3),
                        "reuseMode",
                        true));
        assertThat(set.gpuIndices()).containsExactly(1, 3);
        assertThat(set.maxTrialNumberPerGpu()).isEqualTo(3);
        assertThat(set.useActiveGpu()).isTrue();
        assertThat(set.trialGpuNumber()).isEqualTo(2);
        assertThat(set.trialCommand()).isEqualTo("run");
        assertThat(set.reuseMode()).isTrue();
    }

    @Test
    void keepsAFrozenCopyOfTheSettings() {
        var settings = map("platform", "local", "gpuIndices", new ArrayList<>(List.of(0)));
        TrainingServiceConfig ts = new TrainingServiceConfig("local", settings);
        settings.put("useActiveGpu", true);
        assertThat(ts.useActiveGpu()).isNull();
        assertThat(ts.gpuIndices()).containsExactly(0);
    }
}
