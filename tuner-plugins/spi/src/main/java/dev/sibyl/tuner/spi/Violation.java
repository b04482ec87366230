package dev.sibyl.tuner.spi;

import java.util.Objects;

/**
 * One thing wrong with user input, named by the path of the offending field (for example {@code
 * searchSpace.lr._value} or {@code tuner.classArgs.gamma}). Violations are what the server turns into
 * the {@code errors[]} of an RFC 9457 problem.
 */
public record Violation(String field, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** The same violation with {@code prefix.} put in front of its field path. */
    public Violation under(String prefix) {
        return new Violation(prefix.isEmpty() ? field : prefix + "." + field, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
