package dev.sibyl.tuner.builtin.patient;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.testkit.AssessorContract;
import java.util.Map;

class PatientContractTest extends AssessorContract {
    @Override
    protected AssessorFactory factory() {
        return Algorithms.builtin().assessor("Patient").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("patience", 2, "min_delta", 0.01);
    }
}
