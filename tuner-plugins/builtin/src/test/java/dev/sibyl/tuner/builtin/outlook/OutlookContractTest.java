package dev.sibyl.tuner.builtin.outlook;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.util.Map;

class OutlookContractTest extends AssessorContract {
    @Override
    protected AssessorFactory factory() {
        return Algorithms.builtin().assessor("Outlook").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("epoch_num", 10, "n_startup_trials", 2, "n_warmup_steps", 3);
    }

    @Override
    protected int propertyExamples() {
        return 10;
    }
}
