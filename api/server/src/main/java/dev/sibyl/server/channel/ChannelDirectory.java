package dev.sibyl.server.channel;

import dev.sibyl.scheduler.experiment.ExperimentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Looks up the trial behind a channel URL with one small query. Blocking: call it from a worker thread, never
 * from an event loop.
 */
@ApplicationScoped
public class ChannelDirectory {
    private static final String FIND = "select e.status, t.parameter_record from trials t"
            + " join experiments e on e.id = t.experiment_id where t.experiment_id = ? and t.trial_id = ?";

    @Inject
    DataSource dataSource;

    public Optional<ChannelTrial> find(String experimentId, String trialId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement find = c.prepareStatement(FIND)) {
            find.setString(1, experimentId);
            find.setString(2, trialId);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ChannelTrial(ExperimentStatus.valueOf(rs.getString(1)), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("looking up trial " + experimentId + "/" + trialId + " failed", e);
        }
    }
}
