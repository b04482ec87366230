package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The built-in Medianstop run in a host through the assessor extension of the protocol ({@code curve}, {@code
 * end}, {@code assess}) passes the assessor contract suite: its verdicts match a fresh in-host assessor handed the
 * same history by replay.
 */
class HostedMedianstopContractTest extends AssessorContract {
    private static final PluginHostPool POOL =
            new PluginHostPool(HostClasspath.current(), HostLimits.DEFAULT, 4, 2, Duration.ofMinutes(5));
    private static final AssessorFactory FACTORY =
            new HostedAssessorFactory("Medianstop", List.of(), "Medianstop", POOL.builtin("contract-tenant"));

    @Override
    protected AssessorFactory factory() {
        return FACTORY;
    }

    @Override
    protected int propertyExamples() {
        return 5;
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("start_step", 2);
    }
}
