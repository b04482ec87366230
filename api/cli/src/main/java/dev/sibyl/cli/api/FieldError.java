package dev.sibyl.cli.api;

import java.util.Objects;

/**
 * One entry of a problem's {@code errors[]}: the path of the offending field and what is wrong.
 *
 * @param field e.g. {@code trialConcurrency}, {@code searchSpace.lr._value}, {@code code}
 * @param message e.g. {@code is not set}
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
