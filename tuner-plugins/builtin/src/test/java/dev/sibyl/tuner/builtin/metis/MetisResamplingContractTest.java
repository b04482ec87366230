package dev.sibyl.tuner.builtin.metis;

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

class MetisResamplingContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Metis").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of(
                "optimize_mode",
                "minimize",
                "cold_start_num",
                5,
                "no_resampling",
                false,
                "exploration_probability",
                0.5,
                "selection_num_starting_points",
                200);
    }

    @Override
    protected List<NamedSpace> searchSpaces() {
        return NumericSpaces.standard(false);
    }

    @Override
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return NumericSpaces.random(false);
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

    /** As NNI's Metis, proposals are not deduplicated, so a finite space is never exhausted. */
    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }
}
