package dev.sibyl.tuner.builtin.smac;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;

/** SMAC without deduplication (NNI's default) never runs out, so the exhaustion test does not apply. */
class SmacContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("smac").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "minimize");
    }

    @Override
    protected List<NamedSpace> searchSpaces() {
        return SmacSpaces.standard();
    }

    @Override
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return SmacSpaces.random();
    }

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }
}
