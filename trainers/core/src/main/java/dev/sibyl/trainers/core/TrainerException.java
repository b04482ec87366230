package dev.sibyl.trainers.core;

/** A training-service failure, classified by kind so callers never parse messages. */
public class TrainerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the caller should do about it. */
    public enum Kind {
        /** Transient (I/O, connection): try again later. */
        RETRIABLE,
        /** The request itself is wrong (bad command, bad settings): do not retry. */
        REJECTED,
        /** Credentials were refused. */
        AUTH
    }

    private final Kind kind;

    public TrainerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public TrainerException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
