package dev.sibyl.server.metric;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes metrics in batches inside the caller's transaction: one JDBC batch for the rows ({@code on
 * conflict do nothing}, so a record delivered twice — a retried HTTP report, a re-read file channel — is
 * stored once) and one for the final rewards of FINAL metrics.
 */
@ApplicationScoped
public class MetricStore {
    private static final String INSERT = "insert into metrics (tenant_id, experiment_id, trial_id, parameter_id, type,"
            + " sequence, value, reward) values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (experiment_id, trial_id, type, sequence) do nothing";
    private static final String FINAL_REWARD =
            "update trials set final_reward = ? where experiment_id = ? and trial_id = ? and final_reward is null";

    @Inject
    DataSource dataSource;

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(long tenantId, String experimentId, List<ReportedMetric> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(INSERT);
                PreparedStatement reward = c.prepareStatement(FINAL_REWARD)) {
            boolean anyFinal = false;
            for (ReportedMetric m : metrics) {
                insert.setLong(1, tenantId);
                insert.setString(2, experimentId);
                insert.setString(3, m.trialId());
                if (m.parameterId() == null) {
                    insert.setNull(4, Types.BIGINT);
                } else {
                    insert.setLong(4, m.parameterId());
                }
                insert.setString(5, m.type().name());
                insert.setInt(6, m.sequence());
                insert.setString(7, m.valueJson());
                if (m.reward() == null) {
                    insert.setNull(8, Types.DOUBLE);
                } else {
                    insert.setDouble(8, m.reward());
                }
                insert.addBatch();
                if (m.type() == MetricType.FINAL && m.reward() != null) {
                    reward.setDouble(1, m.reward());
                    reward.setString(2, experimentId);
                    reward.setString(3, m.trialId());
                    reward.addBatch();
                    anyFinal = true;
                }
            }
            insert.executeBatch();
            if (anyFinal) {
                reward.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing " + metrics.size() + " metrics failed: " + e.getMessage(), e);
        }
    }
}
