package dev.sibyl.tuner.builtin.args;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads an algorithm's classArgs while collecting every violation, so that {@code validate()} reports all of
 * them at once instead of stopping at the first.
 */
public final class ClassArgsCheck {
    private final List<Violation> violations = new ArrayList<>();

    /** Starts an empty check. */
    public ClassArgsCheck() {}

    /** Starts a check of {@code settings}, reporting every key outside {@code accepted}. */
    public ClassArgsCheck(Settings settings, Set<String> accepted) {
        violations.addAll(settings.unknownKeys(new TreeSet<>(accepted)));
    }

    /** Reports every key of a nested object such as {@code tpe_args} outside {@code accepted}. */
    public void rejectUnknown(Settings settings, Set<String> accepted) {
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

    /**
     * The integer {@code key} of {@code settings} ({@code fallback} when absent), recording a violation when it
     * is not an integer or lies outside {@code [min, max]}.
     */
    public long integer(Settings settings, String key, long fallback, long min, long max) {
        long value = read(() -> settings.getLong(key).orElse(fallback), fallback);
        if (value < min || value > max) {
            violations.add(new Violation(
                    settings.path() + "." + key, "must be between " + min + " and " + max + ", got " + value));
            return fallback;
        }
        return value;
    }

    /**
     * The number {@code key} of {@code settings} ({@code fallback} when absent), recording a violation when it
     * is not a finite number of at least {@code min} (strictly above it when {@code exclusive}).
     */
    public double number(Settings settings, String key, double fallback, double min, boolean exclusive) {
        double value = read(() -> settings.getDouble(key, fallback), fallback);
        boolean ok = Double.isFinite(value) && (exclusive ? value > min : value >= min);
        if (!ok) {
            violations.add(new Violation(
                    settings.path() + "." + key,
                    "must be a finite number " + (exclusive ? "> " : ">= ") + min + ", got " + value));
            return fallback;
        }
        return value;
    }

    /** Records a violation of {@code field} when {@code ok} is false. */
    public void require(boolean ok, String field, String message) {
        if (!ok) {
            violations.add(new Violation(field, message));
        }
    }

    /** Every violation {@code reader} records while reading classArgs. */
    public static List<Violation> violationsOf(Consumer<ClassArgsCheck> reader) {
        ClassArgsCheck check = new ClassArgsCheck();
        reader.accept(check);
        return check.violations();
    }

    /**
     * What {@code reader} reads from classArgs.
     *
     * @throws InvalidInputException listing every violation it recorded, if any
     */
    public static <T> T valid(Function<ClassArgsCheck, T> reader) {
        ClassArgsCheck check = new ClassArgsCheck();
        T value = reader.apply(check);
        check.throwIfAny();
        return value;
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
