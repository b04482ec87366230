package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;

class GpUcbRbfContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("GP").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of(
                "optimize_mode",
                "minimize",
                "cold_start_num",
                3,
                "utility",
                "ucb",
                "nu",
                "inf",
                "selection_num_warm_up",
                300,
                "selection_num_starting_points",
                2);
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

    /** As NNI's GP, proposals are not deduplicated, so a finite space is never exhausted. */
    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }
}
