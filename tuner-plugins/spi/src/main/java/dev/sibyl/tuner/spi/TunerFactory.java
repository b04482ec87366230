package dev.sibyl.tuner.spi;

import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
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

    /**
     * Whether this tuner can search for the Pareto set of several {@link Objective}s. False by default: a tuner
     * that supports it overrides this and the two methods below taking objectives.
     */
    default boolean supportsSeveralObjectives() {
        return false;
    }

    /**
     * {@link #validate(Settings, SearchSpace)} for a search over {@code objectives} (two or more: a
     * multi-objective search, whose observations carry {@link Observation#values()}; fewer: the plain
     * single-objective search). A tuner that does not {@linkplain #supportsSeveralObjectives support} several
     * objectives reports a violation of the field {@code objectives}.
     */
    default List<Violation> validate(Settings classArgs, SearchSpace space, List<Objective> objectives) {
        List<Violation> out = new ArrayList<>(Objective.check(objectives, "objectives"));
        if (Objective.several(objectives) && !supportsSeveralObjectives()) {
            out.add(refusal());
        }
        out.addAll(validate(classArgs, space));
        return out;
    }

    /**
     * {@link #create(Settings, SearchSpace, long)} for a search over {@code objectives}; see {@link
     * #validate(Settings, SearchSpace, List)}.
     *
     * @throws InvalidInputException when validate would report violations, among them a tuner that does not
     *     support several objectives being given several
     */
    default Tuner create(Settings classArgs, SearchSpace space, long seed, List<Objective> objectives) {
        List<Violation> problems = new ArrayList<>(Objective.check(objectives, "objectives"));
        if (Objective.several(objectives) && !supportsSeveralObjectives()) {
            problems.add(refusal());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return create(classArgs, space, seed);
    }

    private Violation refusal() {
        return new Violation(
                "objectives",
                "tuner '" + name() + "' optimizes a single metric; a search over several objectives needs a tuner"
                        + " that supports them (built in: TPE, Random)");
    }
}
