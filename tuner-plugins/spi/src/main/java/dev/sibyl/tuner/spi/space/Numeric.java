package dev.sibyl.tuner.spi.space;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The eight numeric NNI types. For the uniform family {@code a, b} are {@code low, high}; for the normal
 * family they are {@code mu, sigma}. {@code q} is {@code NaN} for unquantized types.
 *
 * <p>Value semantics follow NNI exactly: quantized values are {@code round(x / q) * q} with Python's
 * round-half-to-even ({@link Math#rint}), clipped to {@code [low, high]} for the uniform family only; the
 * log types quantize and clip in the original (not log) space.
 */
public record Numeric(Kind kind, double a, double b, double q) implements Dimension {

    /** The NNI {@code _type}s with their shape. */
    public enum Kind {
        UNIFORM("uniform", false, false, false),
        QUNIFORM("quniform", false, false, true),
        LOGUNIFORM("loguniform", false, true, false),
        QLOGUNIFORM("qloguniform", false, true, true),
        NORMAL("normal", true, false, false),
        QNORMAL("qnormal", true, false, true),
        LOGNORMAL("lognormal", true, true, false),
        QLOGNORMAL("qlognormal", true, true, true);

        private final String type;
        private final boolean normal;
        private final boolean log;
        private final boolean quantized;

        Kind(String type, boolean normal, boolean log, boolean quantized) {
            this.type = type;
            this.normal = normal;
            this.log = log;
            this.quantized = quantized;
        }

        public String type() {
            return type;
        }

        public boolean normal() {
            return normal;
        }

        public boolean log() {
            return log;
        }

        public boolean quantized() {
            return quantized;
        }

        public static Kind fromType(String type) {
            for (Kind k : values()) {
                if (k.type.equals(type.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown numeric type " + type);
        }
    }

    public Numeric {
        if (kind.quantized() != !Double.isNaN(q)) {
            throw new IllegalArgumentException(kind.type() + (kind.quantized() ? " needs q" : " takes no q"));
        }
        if (kind.quantized() && !(q > 0)) {
            throw new IllegalArgumentException("q must be > 0");
        }
        if (kind.normal() && !(b > 0)) {
            throw new IllegalArgumentException("sigma must be > 0");
        }
        if (!kind.normal() && !(a < b)) {
            throw new IllegalArgumentException("low must be < high");
        }
        if (!kind.normal() && kind.log() && !(a > 0)) {
            throw new IllegalArgumentException("low must be > 0 for log types");
        }
    }

    @Override
    public String type() {
        return kind.type();
    }

    /** Uniform family: the value range is bounded by {@code [low, high]}. */
    public boolean bounded() {
        return !kind.normal();
    }

    public double low() {
        if (!bounded()) {
            throw new IllegalStateException(kind.type() + " is unbounded");
        }
        return a;
    }

    public double high() {
        if (!bounded()) {
            throw new IllegalStateException(kind.type() + " is unbounded");
        }
        return b;
    }

    public double mu() {
        return a;
    }

    public double sigma() {
        return b;
    }

    /**
     * Maps a point of the internal sampling space to the value a trial receives. The internal space is the
     * value itself for linear types and its natural logarithm for log types; quantization and clipping are
     * applied afterwards, in the original space.
     */
    public double toValue(double internal) {
        double x = kind.log() ? Math.exp(internal) : internal;
        if (kind.quantized()) {
            x = Math.rint(x / q) * q;
        }
        if (bounded()) {
            x = Math.min(Math.max(x, a), b);
        }
        return x;
    }

    /** The internal sampling-space coordinate of a value (inverse of {@link #toValue} before rounding). */
    public double toInternal(double value) {
        return kind.log() ? Math.log(Math.max(value, Double.MIN_NORMAL)) : value;
    }

    /** Internal bounds of the uniform family: {@code [low, high]} or {@code [ln low, ln high]}. */
    public double internalLow() {
        return kind.log() ? Math.log(low()) : low();
    }

    public double internalHigh() {
        return kind.log() ? Math.log(high()) : high();
    }

    /** A draw from the prior, as a trial value. */
    public double sample(RandomGenerator rng) {
        double internal = kind.normal()
                ? a + b * rng.nextGaussian()
                : internalLow() + (internalHigh() - internalLow()) * rng.nextDouble();
        return toValue(internal);
    }

    @Override
    public List<String> check(String path, Object value) {
        if (!(value instanceof Number n) || value instanceof Boolean) {
            return List.of(path + ": " + value + " is not a number");
        }
        double v = n.doubleValue();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return List.of(path + ": " + value + " is not finite");
        }
        if (bounded() && (v < a || v > b)) {
            return List.of(path + ": " + value + " is outside [" + a + ", " + b + "]");
        }
        if (kind == Kind.LOGNORMAL && v <= 0) {
            return List.of(path + ": " + value + " must be > 0");
        }
        if (kind.quantized() && !onGrid(v)) {
            return List.of(path + ": " + value + " is not a multiple of q=" + q);
        }
        return List.of();
    }

    private boolean onGrid(double v) {
        if (bounded() && (v == a || v == b)) {
            return true; // clipped values are valid
        }
        double k = v / q;
        return Math.abs(k - Math.rint(k)) <= 1e-9 * Math.max(1, Math.abs(k));
    }
}
