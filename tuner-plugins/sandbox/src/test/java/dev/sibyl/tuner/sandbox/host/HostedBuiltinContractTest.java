package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The built-in TPE run out of process (the server's {@code sibyl.tuners.builtin-in-host} switch) passes the same
 * contract suite as in-process, including rebuilt-from-history equals live across host sessions.
 */
class HostedBuiltinContractTest extends TunerContract {
    private static final PluginHostPool POOL =
            new PluginHostPool(HostClasspath.current(), HostLimits.DEFAULT, 4, 2, Duration.ofMinutes(5));
    private static final TunerFactory FACTORY =
            new HostedTunerFactory("TPE", List.of(), "TPE", POOL.builtin("contract-tenant"));

    @Override
    protected TunerFactory factory() {
        return FACTORY;
    }

    @Override
    protected int propertyExamples() {
        return 10;
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize");
    }
}
