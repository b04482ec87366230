package dev.sibyl.cli.connection;

/** The URL, token or tenant given by flags, environment or settings file cannot be used. */
public final class InvalidConnectionSettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConnectionSettingsException(String message) {
        super(message);
    }
}
