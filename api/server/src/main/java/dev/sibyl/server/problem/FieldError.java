package dev.sibyl.server.problem;

import dev.sibyl.tuner.spi.Violation;
import java.util.Objects;

/**
 * One entry of a problem's {@code errors[]}: the path of the offending field ({@code trialConcurrency},
 * {@code searchSpace.lr._value}, {@code code}, {@code body}) and what is wrong with it.
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public static FieldError of(Violation violation) {
        return new FieldError(violation.field(), violation.message());
    }
}
