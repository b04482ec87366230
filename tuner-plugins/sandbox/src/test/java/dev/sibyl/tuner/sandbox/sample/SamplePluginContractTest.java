package dev.sibyl.tuner.sandbox.sample;

import dev.sibyl.tuner.sandbox.host.PluginClassLoader;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The sample plugin, loaded the way the host loads it, passes the same contract suite as the built-ins. */
class SamplePluginContractTest extends TunerContract {
    private static TunerFactory factory;

    @Override
    protected synchronized TunerFactory factory() {
        if (factory == null) {
            try {
                @SuppressWarnings("resource") // lives as long as the test JVM
                PluginClassLoader loader =
                        new PluginClassLoader(SamplePlugin.jar(), getClass().getClassLoader());
                factory = Algorithms.load(loader).tuner("SampleLocalSearch").orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return factory;
    }

    /** Local search draws new points; it does not promise to enumerate a finite space to the last point. */
    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize", "warmup", 3);
    }
}
