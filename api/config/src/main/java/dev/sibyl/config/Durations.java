package dev.sibyl.config;

import dev.sibyl.tuner.spi.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NNI durations ({@code maxExperimentDuration}, {@code maxTrialDuration}): an integer number of seconds, or a
 * string {@code <number><unit>} with unit {@code s}, {@code m}, {@code h} or {@code d} in any case, where the
 * number may be fractional ({@code 0.5h}). The result is rounded up to whole seconds.
 *
 * <p>Unlike NNI, which multiplies binary floats ({@code "0.1h"} becomes 361 seconds there), the number is
 * read as an exact decimal, so {@code "0.1h"} is 360 seconds. Only positive durations are accepted: every
 * NNI duration is a limit, and NNI rejects zero limits too.
 */
public final class Durations {
    private static final Pattern TEXT =
            Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\\s*([smhdSMHD])\\s*");
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);

    private Durations() {}

    /**
     * The duration {@code value} stands for.
     *
     * @param value an {@code Integer}/{@code Long} number of seconds or a string such as {@code "1.5h"}
     * @param field the config field path named in the violation, e.g. {@code maxTrialDuration}
     * @throws InvalidInputException with one violation on {@code field} when {@code value} is not a positive
     *     duration
     */
    public static Duration parse(Object value, String field) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            if (seconds <= 0) {
                throw new InvalidInputException(field, "must be a positive duration, got " + seconds);
            }
            return Duration.ofSeconds(seconds);
        }
        if (value instanceof BigInteger) {
            throw new InvalidInputException(field, "is too long, got " + value);
        }
        if (value instanceof String text) {
            Matcher m = TEXT.matcher(text);
            if (!m.matches()) {
                throw new InvalidInputException(
                        field,
                        "must be a number of seconds or a string like '30s', '1.5m', '0.5h' or '2d'"
                                + " (units s, m, h, d), got '" + text + "'");
            }
            BigDecimal seconds = new BigDecimal(m.group(1))
                    .multiply(BigDecimal.valueOf(unitSeconds(m.group(2))))
                    .setScale(0, RoundingMode.CEILING);
            if (seconds.signum() <= 0) {
                throw new InvalidInputException(field, "must be a positive duration, got '" + text + "'");
            }
            if (seconds.compareTo(MAX_SECONDS) > 0) {
                throw new InvalidInputException(field, "is too long, got '" + text + "'");
            }
            return Duration.ofSeconds(seconds.longValueExact());
        }
        throw new InvalidInputException(
                field,
                "must be a number of seconds or a string like '30s', '1.5m', '0.5h' or '2d', got "
                        + JsonTree.describe(value));
    }

    private static long unitSeconds(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "s":
                return 1;
            case "m":
                return 60;
            case "h":
                return 3600;
            default:
                return 86_400;
        }
    }
}
