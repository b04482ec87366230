package dev.sibyl.server.pool;

import dev.sibyl.scheduler.fairshare.RuntimeEstimates;

/**
 * How the scheduler estimates a trial's runtime from its experiment's trials that ended on their own
 * ({@link RuntimeEstimates}, ADR 0030): {@code sibyl.scheduler.runtime-estimates} (the quantile, 0 for none),
 * {@code .window} and {@code .min-samples}.
 */
record EstimateSettings(double quantile, int window, int minSamples) {
    static final EstimateSettings OFF = new EstimateSettings(0, 20, 3);

    EstimateSettings {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException(
                    "sibyl.scheduler.runtime-estimates is a quantile in [0, 1] (0 turns estimates off), not "
                            + quantile);
        }
        if (minSamples < 1 || minSamples > window) {
            throw new IllegalArgumentException("sibyl.scheduler.runtime-estimates.min-samples (" + minSamples
                    + ") must be at least 1 and at most sibyl.scheduler.runtime-estimates.window (" + window + ")");
        }
    }

    boolean on() {
        return quantile > 0;
    }

    RuntimeEstimates newEstimates() {
        return new RuntimeEstimates(window, minSamples, quantile);
    }
}
