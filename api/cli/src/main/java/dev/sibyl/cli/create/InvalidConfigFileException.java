package dev.sibyl.cli.create;

/** The experiment config file cannot be read far enough to find its code and search space. */
public final class InvalidConfigFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigFileException(String message) {
        super(message);
    }
}
