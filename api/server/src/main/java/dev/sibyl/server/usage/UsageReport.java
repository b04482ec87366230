package dev.sibyl.server.usage;

import java.time.Instant;
import java.util.List;

/**
 * Resources allocated to a tenant's trials within a window: a trial holds its GPUs and its trial slot from the
 * moment it starts running until it ends (or until now while it runs), clipped to the window.
 *
 * @param groupBy the dimensions rows are split by ({@code experiment}, {@code pool}); empty for one row
 */
public record UsageReport(String tenant, Instant from, Instant to, List<String> groupBy, List<Row> rows, Totals total) {

    /** One group; {@code experimentId} and {@code pool} are null unless the report is grouped by them. */
    public record Row(String experimentId, String pool, long trials, double gpuSeconds, double trialSeconds) {}

    public record Totals(long trials, double gpuSeconds, double trialSeconds) {
        static Totals of(List<Row> rows) {
            return new Totals(
                    rows.stream().mapToLong(Row::trials).sum(),
                    rows.stream().mapToDouble(Row::gpuSeconds).sum(),
                    rows.stream().mapToDouble(Row::trialSeconds).sum());
        }
    }
}
