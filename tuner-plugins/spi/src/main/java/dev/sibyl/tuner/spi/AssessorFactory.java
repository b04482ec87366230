package dev.sibyl.tuner.spi;

import java.util.List;

/** Stateless factory for one assessor algorithm ({@code Medianstop}, ...), found with ServiceLoader. */
public interface AssessorFactory {
    String name();

    default List<String> aliases() {
        return List.of();
    }

    List<Violation> validate(Settings classArgs);

    /** @throws InvalidInputException when {@link #validate} would report violations */
    Assessor create(Settings classArgs);
}
