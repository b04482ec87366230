package dev.sibyl.tuner.sandbox.host;

import java.time.Duration;

/**
 * What one plugin host may use: heap, thread stack, processors, the time one call may take, and the length of
 * one answer line.
 */
public record HostLimits(
        int heapMegabytes, int stackKilobytes, int processors, Duration callDeadline, int maxLineChars) {
    public static final HostLimits DEFAULT = new HostLimits(64, 512, 1, Duration.ofSeconds(10), 1 << 20);

    public HostLimits {
        if (heapMegabytes < 16 || stackKilobytes < 128 || processors < 1 || maxLineChars < 1024) {
            throw new IllegalArgumentException("host limits are too small to start a JVM");
        }
        if (callDeadline.isNegative() || callDeadline.isZero()) {
            throw new IllegalArgumentException("the call deadline must be positive");
        }
    }
}
