package dev.sibyl.server.metric;

/** A metric record that cannot be decoded. */
public class InvalidMetricException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidMetricException(String message) {
        super(message);
    }
}
