package dev.sibyl.tuner.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in TPE searching two objectives out of process passes the contract suite, results travelling as
 * {@code values}; a hosted tuner that optimizes one metric is refused by its host, naming {@code objectives}.
 */
class HostedBuiltinMultiObjectiveContractTest extends HostedBuiltinContractTest {
    private static final List<Objective> TWO =
            List.of(new Objective("loss", OptimizeMode.MINIMIZE), new Objective("accuracy", OptimizeMode.MAXIMIZE));

    @Override
    protected List<Objective> objectives() {
        return TWO;
    }

    @Test
    void aHostedSingleMetricTunerIsRefusedNamingObjectives() {
        try (PluginHostPool pool =
                new PluginHostPool(HostClasspath.current(), HostLimits.DEFAULT, 1, 1, Duration.ofMinutes(1))) {
            HostedTunerFactory anneal = new HostedTunerFactory("Anneal", List.of(), "Anneal", pool.builtin("refusing"));
            SearchSpace space = SearchSpace.parse(Map.of("x", Map.of("_type", "uniform", "_value", List.of(0, 1))));
            assertThat(anneal.validate(Settings.empty(), space, TWO))
                    .extracting(Violation::field)
                    .containsExactly("objectives");
            assertThat(anneal.validate(Settings.empty(), space, List.of())).isEmpty();
        }
    }
}
