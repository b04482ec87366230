package dev.sibyl.tuner.spi.space;

import java.util.List;

/**
 * NNI {@code randint [lower, upper]}: an integer in {@code [lower, upper)} (upper exclusive since NNI 2.0),
 * with both bounds rounded up first. Treated as categorical by TPE, GridSearch and Random.
 */
public record RandInt(long lower, long upper) implements Dimension {
    public RandInt {
        if (lower >= upper) {
            throw new IllegalArgumentException("randint needs lower < upper");
        }
    }

    /** From the raw {@code _value} bounds, applying NNI's ceil. */
    public static RandInt of(double lower, double upper) {
        return new RandInt((long) Math.ceil(lower), (long) Math.ceil(upper));
    }

    public long size() {
        return upper - lower;
    }

    @Override
    public String type() {
        return "randint";
    }

    @Override
    public List<String> check(String path, Object value) {
        if (!(value instanceof Number n) || value instanceof Boolean) {
            return List.of(path + ": " + value + " is not an integer");
        }
        double d = n.doubleValue();
        if (d != Math.rint(d)) {
            return List.of(path + ": " + value + " is not an integer");
        }
        if (d < lower || d >= upper) {
            return List.of(path + ": " + value + " is outside [" + lower + ", " + upper + ")");
        }
        return List.of();
    }
}
