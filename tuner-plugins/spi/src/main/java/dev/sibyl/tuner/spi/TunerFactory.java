package dev.sibyl.tuner.spi;

import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;

/**
 * Stateless factory for one tuner algorithm, found with {@link java.util.ServiceLoader}. Its {@link #name}
 * is the NNI builtin name ({@code TPE}, {@code Random}, ...); names and aliases match case-insensitively.
 */
public interface TunerFactory {
    String name();

    default List<String> aliases() {
        return List.of();
    }

    /**
     * Everything wrong with {@code classArgs} for this space (unknown keys, wrong types, bad values, an
     * unsupported search-space type); empty when {@link #create} will succeed.
     */
    List<Violation> validate(Settings classArgs, SearchSpace space);

    /**
     * A tuner for one experiment. {@code seed} is used when classArgs carry no {@code seed} of their own.
     *
     * @throws InvalidInputException when {@link #validate} would report violations
     */
    Tuner create(Settings classArgs, SearchSpace space, long seed);
}
