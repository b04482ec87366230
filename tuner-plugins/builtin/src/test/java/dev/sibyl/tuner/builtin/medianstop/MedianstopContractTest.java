package dev.sibyl.tuner.builtin.medianstop;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.util.Map;

class MedianstopContractTest extends AssessorContract {
    @Override
    protected AssessorFactory factory() {
        return Algorithms.builtin().assessor("Medianstop").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("start_step", 2);
    }
}
