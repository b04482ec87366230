package dev.sibyl.server.metric;

/** The metric queue is full: the records were not accepted and should be sent again a little later. */
public class MetricQueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MetricQueueFullException() {
        super("too many metrics are waiting to be stored; retry shortly");
    }
}
