package dev.sibyl.scheduler.fairshare;

/**
 * Exponentially decayed usage: an amount recorded {@code halfLife} ago counts half. Callers keep
 * the value and the time it was last updated; this class only does the arithmetic.
 */
public record DecayedUsage(double halfLife) {
    public DecayedUsage {
        if (!(halfLife > 0)) {
            throw new IllegalArgumentException("halfLife must be positive, not " + halfLife);
        }
    }

    /** The value {@code elapsed} time units after it was {@code value}. */
    public double decay(double value, double elapsed) {
        return value * Math.pow(0.5, Math.max(0, elapsed) / halfLife);
    }

    /**
     * Decays {@code previous} over {@code elapsed} and adds usage at a constant {@code rate} over
     * the same interval, itself decayed: the integral of rate * 2^(-(elapsed - t)/halfLife).
     */
    public double accumulate(double previous, double rate, double elapsed) {
        if (elapsed <= 0) {
            return previous;
        }
        double lambda = Math.log(2) / halfLife;
        double added = rate * (1 - Math.exp(-lambda * elapsed)) / lambda;
        return decay(previous, elapsed) + added;
    }
}
