package dev.sibyl.server.metric;

import java.util.List;

/** One page of metrics; {@code total} counts every metric matching the filters. */
public record MetricPage(List<MetricView> items, int page, int size, long total) {}
