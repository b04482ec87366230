package dev.sibyl.cli.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server answered with an error status; carries the RFC 9457 problem it sent (or what could
 * be made of a body that is not one).
 */
public final class ApiProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Optional<String> code;
    private final List<FieldError> errors;

    public ApiProblemException(int status, String detail, Optional<String> code, List<FieldError> errors) {
        super(Objects.requireNonNull(detail, "detail"));
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.errors = List.copyOf(errors);
    }

    /** The HTTP status, e.g. 400, 401, 404, 409. */
    public int status() {
        return status;
    }

    /** The problem's {@code detail}, else its {@code title}, else a description of the answer. */
    public String detail() {
        return getMessage();
    }

    /** The problem's stable {@code code} slug (e.g. {@code invalid-config}), when it has one. */
    public Optional<String> code() {
        return code;
    }

    /** The problem's field violations, in the server's order. */
    public List<FieldError> errors() {
        return errors;
    }
}
