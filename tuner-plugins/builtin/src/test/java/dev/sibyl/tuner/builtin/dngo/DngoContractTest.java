package dev.sibyl.tuner.builtin.dngo;

import dev.sibyl.tuner.builtin.gp.NumericSpaces;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;

class DngoContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("DNGO").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "trials_per_update", 8, "sample_size", 200);
    }

    @Override
    protected List<NamedSpace> searchSpaces() {
        return NumericSpaces.standard(true);
    }

    @Override
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return NumericSpaces.random(true);
    }

    @Override
    protected Map<String, Object> typedSearchSpace() {
        return NumericSpaces.typed();
    }

    /** Test time: the contract makes hundreds of fresh tuners. */
    @Override
    protected int propertyExamples() {
        return 8;
    }

    /** As NNI's DNGO, proposals are not deduplicated, so a finite space is never exhausted. */
    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }
}
