package dev.sibyl.tuner.spi;

import java.util.Locale;

/** NNI's {@code optimize_mode}. Each algorithm has its own default (TPE and Anneal minimize, most maximize). */
public enum OptimizeMode {
    MAXIMIZE,
    MINIMIZE;

    /** Parses {@code "maximize"} / {@code "minimize"} in any case. */
    public static OptimizeMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "maximize" -> MAXIMIZE;
            case "minimize" -> MINIMIZE;
            default -> throw new IllegalArgumentException("must be 'maximize' or 'minimize', got '" + text + "'");
        };
    }

    /** The value turned into a loss: smaller is always better. */
    public double toLoss(double value) {
        return this == MINIMIZE ? value : -value;
    }

    public boolean isBetter(double candidate, double incumbent) {
        return this == MINIMIZE ? candidate < incumbent : candidate > incumbent;
    }
}
