package dev.sibyl.cli.session;

import java.time.Duration;

/** Waits between polls ({@code create --watch}, {@code top}); injected so tests do not wait. */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration}, or less when interrupted (then throws). */
    void sleep(Duration duration) throws InterruptedException;

    /** The real one. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
