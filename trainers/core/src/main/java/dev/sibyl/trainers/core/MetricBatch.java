package dev.sibyl.trainers.core;

import java.util.List;

/**
 * Metric records read from a trial's file channel ({@code .nni/metrics}): the JSON payloads of complete
 * {@code ME} records, in file order, and the byte offset just past the last complete record. A caller that
 * stores the payloads and the offset together never loses or duplicates a record.
 */
public record MetricBatch(List<String> payloads, long nextOffset) {
    public MetricBatch {
        payloads = List.copyOf(payloads);
    }
}
