package dev.sibyl.tuner.builtin.args;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads an algorithm's classArgs while collecting every violation, so that {@code validate()} reports all of
 * them at once instead of stopping at the first.
 */
public final class ClassArgsCheck {
    private final List<Violation> violations = new ArrayList<>();

    /** Starts a check of {@code settings}, reporting every key outside {@code accepted}. */
    public ClassArgsCheck(Settings settings, Set<String> accepted) {
        violations.addAll(settings.unknownKeys(new TreeSet<>(accepted)));
    }

    /** The value {@code reader} returns, or {@code fallback} after recording the violations it threw. */
    public <T> T read(Supplier<T> reader, T fallback) {
        try {
            return reader.get();
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
            return fallback;
        }
    }

    /** Records a violation of {@code field} when {@code ok} is false. */
    public void require(boolean ok, String field, String message) {
        if (!ok) {
            violations.add(new Violation(field, message));
        }
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** @throws InvalidInputException listing every violation recorded so far, if any */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
