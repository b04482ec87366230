package dev.sibyl.tuner.builtin.threshold;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.util.Map;

class ThresholdContractTest extends AssessorContract {
    @Override
    protected AssessorFactory factory() {
        return Algorithms.builtin().assessor("Threshold").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("lower", 0.2, "upper", 0.9, "n_warmup_steps", 2);
    }
}
