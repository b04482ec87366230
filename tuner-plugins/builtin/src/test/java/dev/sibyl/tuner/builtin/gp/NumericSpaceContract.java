package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;

/** The tuner contract on the numeric spaces of {@link NumericSpaces}, for the tuners limited to them. */
public abstract class NumericSpaceContract extends TunerContract {
    /** Whether the spaces include the log types (Metis takes none). */
    protected boolean logTypes() {
        return true;
    }

    @Override
    protected List<NamedSpace> searchSpaces() {
        return NumericSpaces.standard(logTypes());
    }

    @Override
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return NumericSpaces.random(logTypes());
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

    /** As NNI's GP-family tuners, proposals are not deduplicated, so a finite space is never exhausted. */
    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.empty();
    }
}
