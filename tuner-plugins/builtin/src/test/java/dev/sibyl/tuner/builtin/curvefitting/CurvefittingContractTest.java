package dev.sibyl.tuner.builtin.curvefitting;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.util.Map;

class CurvefittingContractTest extends AssessorContract {
    @Override
    protected AssessorFactory factory() {
        return Algorithms.builtin().assessor("Curvefitting").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("epoch_num", 10, "start_step", 4, "threshold", 0.9);
    }

    @Override
    protected int propertyExamples() {
        return 10;
    }
}
