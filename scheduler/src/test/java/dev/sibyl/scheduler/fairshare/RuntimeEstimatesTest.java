package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeEstimatesTest {
    @Test
    void anExperimentHasAnEstimateOnceEnoughOfItsTrialsEndedAndItIsTheNearestRankQuantile() {
        RuntimeEstimates median = new RuntimeEstimates(20, 3, 0.5);
        median.ended("e1", 300);
        median.ended("e1", 100);
        assertThat(median.frozen()).as("two runtimes are not enough").isEmpty();
        median.ended("e1", 200);
        assertThat(median.frozen()).containsExactly(Map.entry("e1", 200L));
        median.ended("e1", 1_000);
        // 100, 200, 300, 1,000: rank ceil(0.5 * 4) = 2.
        assertThat(median.frozen()).containsEntry("e1", 200L);

        RuntimeEstimates p90 = new RuntimeEstimates(20, 3, 0.9);
        for (long r = 1; r <= 10; r++) {
            p90.ended("e1", r * 100);
        }
        assertThat(p90.frozen()).containsEntry("e1", 900L);
    }

    @Test
    void onlyTheLatestWindowCounts() {
        RuntimeEstimates estimates = new RuntimeEstimates(3, 3, 1.0);
        estimates.ended("e1", 5_000);
        estimates.ended("e1", 100);
        estimates.ended("e1", 200);
        assertThat(estimates.frozen()).containsEntry("e1", 5_000L);
        estimates.ended("e1", 300);
        assertThat(estimates.frozen()).as("the oldest runtime left the window").containsEntry("e1", 300L);
    }

    @Test
    void experimentsAreKeptApartAndForgotten() {
        RuntimeEstimates estimates = new RuntimeEstimates(20, 1, 0.5);
        estimates.ended("short", 60);
        estimates.ended("long", 3_600);
        estimates.ended("ignored", 0);
        assertThat(estimates.frozen()).containsOnly(Map.entry("short", 60L), Map.entry("long", 3_600L));
        estimates.forget("long");
        assertThat(estimates.frozen()).containsOnly(Map.entry("short", 60L));
    }

    @Test
    void theFrozenMapIsImmutableAndCopiedOnlyAfterAChange() {
        RuntimeEstimates estimates = new RuntimeEstimates(20, 1, 0.5);
        estimates.ended("e1", 60);
        Map<String, Long> first = estimates.frozen();
        assertThat(estimates.frozen()).isSameAs(first);
        estimates.ended("e1", 60);
        assertThat(estimates.frozen()).as("the estimate did not change").isSameAs(first);
        estimates.ended("e2", 90);
        assertThat(estimates.frozen()).isNotSameAs(first).containsEntry("e2", 90L);
        assertThat(first).doesNotContainKey("e2");
        assertThatThrownBy(() -> first.put("e3", 1L)).isInstanceOf(UnsupportedOperationException.class);
        // A snapshot keeps the same map rather than copying it on every pass.
        Snapshot s = new Snapshot(List.of(), List.of(), List.of(), List.of(), 0, Settings.DEFAULTS, estimates.frozen());
        assertThat(s.expectedRuntimes()).isSameAs(estimates.frozen());
    }

    @Test
    void rejectsSettingsThatCannotGiveAnEstimateAndNonPositiveEstimatesInASnapshot() {
        assertThatThrownBy(() -> new RuntimeEstimates(2, 3, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuntimeEstimates(20, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuntimeEstimates(20, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Snapshot(
                        List.of(), List.of(), List.of(), List.of(), 0, Settings.DEFAULTS, Map.of("e1", 0L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e1");
    }
}
