package dev.sibyl.server.archive;

/** An uploaded code archive Sibyl refuses; the message completes "the code archive ...". */
public class InvalidArchiveException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidArchiveException(String message) {
        super(message, null, false, false);
    }
}
