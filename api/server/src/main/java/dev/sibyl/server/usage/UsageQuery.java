package dev.sibyl.server.usage;

import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A usage question: the window {@code [from, to)} and how rows are grouped. Defaults: the last 24 hours up to now,
 * one row for the whole tenant.
 */
public record UsageQuery(Instant from, Instant to, Set<Dimension> groupBy) {
    /** The longest window one query may cover. */
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    /** What a usage row can be split by. */
    public enum Dimension {
        EXPERIMENT,
        POOL;

        String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads the query parameters as sent.
     *
     * @throws ProblemException 400 naming each bad parameter
     */
    public static UsageQuery parse(String from, String to, String groupBy, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        Instant end = instant("to", to, now, errors);
        Instant start = instant("from", from, end == null ? null : end.minus(Duration.ofDays(1)), errors);
        Set<Dimension> dimensions = dimensions(groupBy, errors);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                errors.add(new FieldError("from", "must be before to (" + end + "), got " + start));
            } else if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                errors.add(new FieldError("from", "the window may span at most " + MAX_WINDOW.toDays() + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the usage query is not valid", errors);
        }
        return new UsageQuery(start, end, dimensions);
    }

    private static Instant instant(String name, String text, Instant fallback, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    name, "must be an ISO-8601 instant such as 2026-12-04T00:00:00Z, got '" + text + "'"));
            return null;
        }
    }

    private static Set<Dimension> dimensions(String text, List<FieldError> errors) {
        Set<Dimension> dimensions = EnumSet.noneOf(Dimension.class);
        if (text == null || text.isBlank()) {
            return dimensions;
        }
        for (String part : text.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.equals("tenant")) {
                continue; // rows are always of one tenant
            }
            try {
                dimensions.add(Dimension.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(
                        "groupBy",
                        "must be a comma-separated list of tenant, experiment, pool; got '" + part.strip() + "'"));
            }
        }
        return dimensions;
    }
}
