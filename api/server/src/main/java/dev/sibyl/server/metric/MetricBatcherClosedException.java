package dev.sibyl.server.metric;

/** The server is shutting down and takes no more metrics; a restarted server will. */
public class MetricBatcherClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MetricBatcherClosedException() {
        super("the server is shutting down; retry shortly");
    }
}
