package dev.sibyl.server.problem;

import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An error Sibyl's own code answers a request with; {@link ProblemMapper} writes it as RFC 9457
 * problem+json. The detail is shown to the client as is, so it must never hold secrets or internals.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final transient List<FieldError> errors;
    private final transient Map<String, String> headers;

    public ProblemException(ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        this(type, detail, errors, Map.of());
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    /** A problem with one field error; the detail reads {@code field: message}. */
    public static ProblemException field(ProblemType type, String field, String message) {
        return new ProblemException(type, field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** A problem listing {@code violations}; the detail joins them. */
    public static ProblemException of(ProblemType type, List<Violation> violations) {
        return new ProblemException(
                type,
                violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                violations.stream().map(FieldError::of).toList());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra response headers (for example {@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }
}
