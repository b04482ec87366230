package dev.sibyl.cli.session;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user sees, in nnictl's shapes: {@code INFO:  } lines and {@code WARNING: } lines on
 * standard output, {@code ERROR: } lines on standard error, and NNI's timestamped launcher lines
 * ({@code [2026-11-28 10:00:00] Creating experiment, ...}) with the clock and time zone injected.
 */
public final class Console {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintStream out;
    private final PrintStream err;
    private final InstantSource clock;
    private final ZoneId zone;

    public Console(PrintStream out, PrintStream err, InstantSource clock, ZoneId zone) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Prints a line as is on standard output. */
    public void println(String line) {
        out.println(line);
    }

    /** Prints text as is on standard output (no newline added). */
    public void print(String text) {
        out.print(text);
        out.flush();
    }

    /** nnictl's {@code print_normal}: {@code "INFO:  " + message}. */
    public void info(String message) {
        out.println("INFO:  " + message);
    }

    /** nnictl's {@code print_warning}. */
    public void warning(String message) {
        out.println("WARNING: " + message);
    }

    /** nnictl's {@code print_error}, on standard error. */
    public void error(String message) {
        err.println("ERROR: " + message);
    }

    /** Prints a raw line on standard error. */
    public void errorLine(String line) {
        err.println(line);
    }

    /** NNI's launcher log line: {@code [yyyy-MM-dd HH:mm:ss] message}. */
    public void log(String message) {
        out.println("[" + LOG_TIME.format(now().atZone(zone)) + "] " + message);
    }

    /** NNI's launcher warning line: {@code [yyyy-MM-dd HH:mm:ss] WARNING: message}. */
    public void logWarning(String message) {
        log("WARNING: " + message);
    }

    /** The injected clock's current instant. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * An instant from the server (ISO-8601, or decimal epoch seconds) shown in the local zone with
     * {@code pattern} (e.g. {@code yyyy-MM-dd HH:mm:ss}); empty when absent, the raw text when it is
     * not an instant.
     */
    public Optional<String> localTime(String isoInstant, String pattern) {
        if (isoInstant == null || isoInstant.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant instant = isoInstant.matches("[0-9]+(\\.[0-9]+)?")
                    ? epochSeconds(isoInstant) // Jackson's form when dates are written as timestamps
                    : Instant.parse(isoInstant);
            return Optional.of(DateTimeFormatter.ofPattern(pattern).format(instant.atZone(zone)));
        } catch (DateTimeParseException notAnInstant) {
            return Optional.of(isoInstant);
        }
    }

    private static Instant epochSeconds(String decimal) {
        BigDecimal seconds = new BigDecimal(decimal);
        return Instant.ofEpochSecond(
                seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    public void flush() {
        out.flush();
        err.flush();
    }
}
