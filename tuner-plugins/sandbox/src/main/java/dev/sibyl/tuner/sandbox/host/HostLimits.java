package dev.sibyl.tuner.sandbox.host;

import java.time.Duration;

/**
 * What one plugin host may use: heap, thread stack, processors, the wall-clock time one call may take, the length
 * of one answer line, and the CPU time one tuner session (from its {@code init}) may spend in all.
 */
public record HostLimits(
        int heapMegabytes,
        int stackKilobytes,
        int processors,
        Duration callDeadline,
        int maxLineChars,
        Duration cpuBudget) {
    public static final HostLimits DEFAULT =
            new HostLimits(64, 512, 1, Duration.ofSeconds(10), 1 << 20, Duration.ofMinutes(30));

    public HostLimits {
        if (heapMegabytes < 16 || stackKilobytes < 128 || processors < 1 || maxLineChars < 1024) {
            throw new IllegalArgumentException("host limits are too small to start a JVM");
        }
        if (callDeadline.isNegative() || callDeadline.isZero() || cpuBudget.isNegative() || cpuBudget.isZero()) {
            throw new IllegalArgumentException("the call deadline and the CPU budget must be positive");
        }
    }
}
