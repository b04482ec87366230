package dev.sibyl.cli.session;

/**
 * A command cannot do what was asked; its message is printed as {@code ERROR: ...} on standard
 * error (no stack trace) and the process exits with {@link #exitCode()}.
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CommandFailure(String message) {
        this(message, 1);
    }

    public CommandFailure(String message, int exitCode) {
        super(message);
        if (exitCode == 0) {
            throw new IllegalArgumentException("a failure cannot exit with 0");
        }
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
