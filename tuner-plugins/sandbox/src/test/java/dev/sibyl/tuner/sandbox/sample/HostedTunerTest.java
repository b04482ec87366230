package dev.sibyl.tuner.sandbox.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.sandbox.host.HostLimits;
import dev.sibyl.tuner.sandbox.host.HostSource;
import dev.sibyl.tuner.sandbox.host.HostedTuner;
import dev.sibyl.tuner.sandbox.host.PluginHost;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sample plugin as an SPI tuner through its host: deltas while the host lives, full replay after a restart. */
class HostedTunerTest {
    private static final Map<String, Object> SPACE =
            Map.of("c", Map.of("_type", "choice", "_value", List.of("a", "b", "c", "d")));

    @Test
    void aRestartedHostIsReplayedTheWholeHistoryAndProposesOnlyWhatIsLeft() {
        AtomicInteger started = new AtomicInteger();
        List<PluginHost> hosts = new ArrayList<>();
        try (HostedTuner tuner = new HostedTuner(
                HostSource.starting(() -> {
                    started.incrementAndGet();
                    PluginHost h = PluginHost.start(
                            "sample", SamplePlugin.jar(), System.getProperty("java.class.path"), HostLimits.DEFAULT);
                    hosts.add(h);
                    return h;
                }),
                "SampleLocalSearch",
                SPACE,
                Map.of("optimize_mode", "minimize"),
                9)) {
            List<Observation> history = new ArrayList<>();
            for (Map<String, Object> p : tuner.ask(new History(history), 2)) {
                history.add(Observation.succeeded(history.size(), p, history.size()));
            }
            // A result the tuner never proposed (a customized trial) reaches the host as an observation.
            String proposed = history.get(0).parameters().get("c") + ","
                    + history.get(1).parameters().get("c");
            String other = List.of("a", "b", "c", "d").stream()
                    .filter(v -> !proposed.contains(v))
                    .findFirst()
                    .orElseThrow();
            history.add(Observation.succeeded(history.size(), Map.of("c", other), 9.0));

            // The host is stopped (as after breaking a limit); the next ask starts a new one and replays.
            hosts.get(0).close();
            List<Map<String, Object>> next = tuner.ask(new History(history), 4);

            assertThat(started.get()).isEqualTo(2);
            assertThat(next).hasSize(1); // only one of the four values was never tried
            assertThat(List.of(proposed.split(",")))
                    .doesNotContain((String) next.get(0).get("c"));
            assertThat(next.get(0).get("c")).isNotEqualTo(other);
        }
    }
}
