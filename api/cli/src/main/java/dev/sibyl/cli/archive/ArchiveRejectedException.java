package dev.sibyl.cli.archive;

/** The code directory cannot be packed: too many files or too many bytes after {@code .nniignore}. */
public final class ArchiveRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ArchiveRejectedException(String message) {
        super(message);
    }
}
