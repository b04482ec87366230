package dev.sibyl.server.usage;

import dev.sibyl.server.usage.UsageQuery.Dimension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Computes allocated GPU-seconds and trial-seconds from the trials themselves (start, end, placement), so usage
 * is live and needs no second record that could drift from the trials. A trial's GPUs are those of its placement
 * by the pool scheduler, or its experiment's {@code trialGpuNumber}, whichever is larger; its pool is the
 * placement's, or {@code local} for trials the spine started before pools existed.
 */
@ApplicationScoped
public class UsageLedger {
    private static final String SECONDS_IN_WINDOW =
            "extract(epoch from (least(coalesce(t.ended_at, ?), ?)" + " - greatest(t.started_at, ?)))";
    private static final String GPUS =
            "greatest(coalesce(jsonb_array_length(t.placement -> 'gpus'), 0)," + " coalesce(e.trial_gpu_number, 0))";
    private static final String POOL = "coalesce(t.placement ->> 'pool', 'local')";

    @Inject
    DataSource dataSource;

    /** Usage of one tenant in the query's window, as of {@code now} for trials still running. */
    public List<UsageReport.Row> rows(long tenantId, UsageQuery query, Instant now) {
        boolean byExperiment = query.groupBy().contains(Dimension.EXPERIMENT);
        boolean byPool = query.groupBy().contains(Dimension.POOL);
        String keys = (byExperiment ? "t.experiment_id" : "null") + ", " + (byPool ? POOL : "null");
        List<String> groups = new ArrayList<>();
        if (byExperiment) {
            groups.add("t.experiment_id");
        }
        if (byPool) {
            groups.add(POOL);
        }
        String sql = "select " + keys + ", count(*), sum(" + SECONDS_IN_WINDOW + " * " + GPUS + "), sum("
                + SECONDS_IN_WINDOW + ") from trials t join experiments e on e.id = t.experiment_id"
                + " where t.tenant_id = ? and t.started_at is not null and t.started_at < ?"
                + " and coalesce(t.ended_at, ?) > ?"
                + (groups.isEmpty() ? "" : " group by " + String.join(", ", groups) + " order by 1, 2");
        Timestamp nowAt = Timestamp.from(now);
        Timestamp from = Timestamp.from(query.from());
        Timestamp to = Timestamp.from(query.to());
        List<UsageReport.Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (int window = 0; window < 2; window++) {
                s.setTimestamp(i++, nowAt);
                s.setTimestamp(i++, to);
                s.setTimestamp(i++, from);
            }
            s.setLong(i++, tenantId);
            s.setTimestamp(i++, to);
            s.setTimestamp(i++, nowAt);
            s.setTimestamp(i, from);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long trials = r.getLong(3);
                    if (trials == 0) {
                        continue; // an ungrouped query over no trials still yields one row of nulls
                    }
                    rows.add(new UsageReport.Row(
                            r.getString(1), r.getString(2), trials, r.getDouble(4), r.getDouble(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the usage of tenant " + tenantId + " failed", e);
        }
        return rows;
    }

    /** All-time GPU-seconds and trial-seconds per tenant slug and pool up to {@code now}, for the metrics. */
    public List<PoolTotal> totals(Instant now) {
        String sql = "select n.slug, " + POOL + ", sum(" + SECONDS_IN_WINDOW + " * " + GPUS + "), sum("
                + SECONDS_IN_WINDOW + "), count(*) filter (where t.ended_at is null), sum(" + GPUS
                + ") filter (where t.ended_at is null)"
                + " from trials t join experiments e on e.id = t.experiment_id join tenants n on n.id = t.tenant_id"
                + " where t.started_at is not null group by 1, 2";
        Timestamp nowAt = Timestamp.from(now);
        Timestamp epoch = Timestamp.from(Instant.EPOCH);
        List<PoolTotal> totals = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (int window = 0; window < 2; window++) {
                s.setTimestamp(i++, nowAt);
                s.setTimestamp(i++, nowAt);
                s.setTimestamp(i++, epoch);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    totals.add(new PoolTotal(
                            r.getString(1),
                            r.getString(2),
                            r.getDouble(3),
                            r.getDouble(4),
                            r.getLong(5),
                            r.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading usage totals failed", e);
        }
        return totals;
    }

    /** One tenant's usage of one pool since the beginning, and what it holds right now. */
    public record PoolTotal(
            String tenant, String pool, double gpuSeconds, double trialSeconds, long runningTrials, long gpusHeld) {}
}
