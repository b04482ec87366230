package dev.sibyl.tuner.builtin.auto;

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

/** The contract on numeric spaces with a budget small enough that every run crosses the GP to CMA-ES hand-over. */
class AutoGpHandOverContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Auto").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "maxTrialNumber", 15);
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

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }

    /** Test time: the contract makes hundreds of fresh tuners. */
    @Override
    protected int propertyExamples() {
        return 8;
    }

    @Override
    protected int rounds() {
        return 25;
    }
}
