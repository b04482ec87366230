package dev.sibyl.tuner.builtin.hyperband;

/**
 * One round of successive halving inside a bracket: {@code configs} configurations each run with {@code
 * budget}.
 */
public record Rung(int configs, long budget) {
    public Rung {
        if (configs < 1) {
            throw new IllegalArgumentException("a rung runs at least one configuration, got " + configs);
        }
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budget);
        }
    }
}
