package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.HashMap;
import java.util.Map;

/** TPE with the model in use almost from the start, no constant liar, and NNI's other knobs moved. */
class TpeWithoutLiarContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("tpe").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        Map<String, Object> tpeArgs = new HashMap<>();
        tpeArgs.put("constant_liar_type", null);
        tpeArgs.put("n_startup_jobs", 3);
        tpeArgs.put("n_ei_candidates", 10);
        tpeArgs.put("linear_forgetting", 5);
        tpeArgs.put("prior_weight", 0.0);
        tpeArgs.put("gamma", 0.5);
        return Map.of("tpe_args", tpeArgs);
    }
}
