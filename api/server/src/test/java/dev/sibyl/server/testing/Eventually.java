package dev.sibyl.server.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds, for tests that wait on the driver's background work. */
public final class Eventually {
    private Eventually() {}

    /** Returns the first value {@code probe} gives that is not null; fails after {@code timeout}. */
    public static <T> T await(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }
}
