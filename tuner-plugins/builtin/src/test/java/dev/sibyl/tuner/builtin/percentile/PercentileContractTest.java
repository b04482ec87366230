package dev.sibyl.tuner.builtin.percentile;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.util.Map;

class PercentileContractTest extends AssessorContract {
    @Override
    protected AssessorFactory factory() {
        return Algorithms.builtin().assessor("Percentile").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("percentile", 40.0, "n_startup_trials", 2, "n_warmup_steps", 1, "interval_steps", 2);
    }
}
