package dev.sibyl.server.metric;

/** NNI's metric types. */
public enum MetricType {
    FINAL,
    PERIODICAL
}
