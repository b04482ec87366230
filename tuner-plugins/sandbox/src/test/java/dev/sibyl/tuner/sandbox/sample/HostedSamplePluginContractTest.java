package dev.sibyl.tuner.sandbox.sample;

import dev.sibyl.tuner.sandbox.host.HostClasspath;
import dev.sibyl.tuner.sandbox.host.HostLimits;
import dev.sibyl.tuner.sandbox.host.HostedTunerFactory;
import dev.sibyl.tuner.sandbox.host.PluginHostPool;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sample plugin run the way the server runs it, in pooled host JVMs behind {@link HostedTunerFactory}, passes
 * the same contract suite as in-process: settings are checked by the host, proposals cross the protocol, and a
 * fresh host handed the history (by replay) proposes what the live one did.
 */
class HostedSamplePluginContractTest extends TunerContract {
    private static final PluginHostPool POOL =
            new PluginHostPool(HostClasspath.current(), HostLimits.DEFAULT, 4, 2, Duration.ofMinutes(5));
    private static final TunerFactory FACTORY = new HostedTunerFactory(
            "SampleLocalSearch",
            List.of(),
            "SampleLocalSearch",
            POOL.plugin("contract-tenant", "sample", "sample", SamplePlugin.jar()));

    @Override
    protected TunerFactory factory() {
        return FACTORY;
    }

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }

    @Override
    protected int propertyExamples() {
        return 10; // each example starts host sessions; the in-process suite covers more spaces
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize", "warmup", 3);
    }
}
