package dev.sibyl.config;

import dev.sibyl.tuner.spi.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NNI memory sizes ({@code trialMemorySize}, {@code memorySize}): an integer number of megabytes, or a string
 * {@code <number><unit>} with unit {@code tb}, {@code gb}, {@code mb}, {@code kb} or {@code b} in any case,
 * converted to megabytes rounded up (exact decimal arithmetic, see {@link Durations}).
 */
public final class Sizes {
    private static final Pattern TEXT = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\\s*([tgmk]?b)\\s*");

    private Sizes() {}

    public static long megabytes(Object value, String field) {
        if (value instanceof Integer || value instanceof Long) {
            long mb = ((Number) value).longValue();
            if (mb <= 0) {
                throw new InvalidInputException(field, "must be a positive size, got " + mb);
            }
            return mb;
        }
        if (value instanceof String text) {
            Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new InvalidInputException(
                        field,
                        "must be a number of megabytes or a string like '512mb' or '8gb' (units tb, gb, mb, kb, b),"
                                + " got '" + text + "'");
            }
            BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitBytes(m.group(2))));
            BigDecimal mb = bytes.divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.CEILING);
            if (mb.signum() <= 0) {
                throw new InvalidInputException(field, "must be a positive size, got '" + text + "'");
            }
            if (mb.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new InvalidInputException(field, "is too large, got '" + text + "'");
            }
            return mb.longValueExact();
        }
        throw new InvalidInputException(
                field, "must be a number of megabytes or a string like '8gb', got " + JsonTree.describe(value));
    }

    private static long unitBytes(String unit) {
        switch (unit) {
            case "tb":
                return 1L << 40;
            case "gb":
                return 1L << 30;
            case "mb":
                return 1L << 20;
            case "kb":
                return 1L << 10;
            default:
                return 1;
        }
    }
}
