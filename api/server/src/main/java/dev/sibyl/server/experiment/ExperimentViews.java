package dev.sibyl.server.experiment;

import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.secret.ConfigSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Builds {@link ExperimentView}s, with trial counts and best trials read in one query each for a whole page. */
@ApplicationScoped
public class ExperimentViews {
    private static final List<TrialStatus> SHOWN = List.of(
            TrialStatus.WAITING,
            TrialStatus.RUNNING,
            TrialStatus.SUCCEEDED,
            TrialStatus.FAILED,
            TrialStatus.USER_CANCELED,
            TrialStatus.SYS_CANCELED,
            TrialStatus.EARLY_STOPPED);

    @Inject
    DataSource dataSource;

    public ExperimentView view(ExperimentEntity experiment) {
        return views(List.of(experiment)).get(0);
    }

    public List<ExperimentView> views(List<ExperimentEntity> experiments) {
        if (experiments.isEmpty()) {
            return List.of();
        }
        String[] ids = experiments.stream().map(e -> e.id).toArray(String[]::new);
        Map<String, Map<String, Long>> counts = new HashMap<>();
        Map<String, ExperimentView.BestTrial> best = new HashMap<>();
        QuarkusTransaction.joiningExisting().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                Array idArray = c.createArrayOf("varchar", ids);
                try (PreparedStatement s = c.prepareStatement("select experiment_id, status, count(*) from trials"
                        + " where experiment_id = any (?) group by experiment_id, status")) {
                    s.setArray(1, idArray);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            counts.computeIfAbsent(r.getString(1), k -> new HashMap<>())
                                    .put(r.getString(2), r.getLong(3));
                        }
                    }
                }
                // NaN sorts above every number in PostgreSQL, so it is left out explicitly.
                try (PreparedStatement s = c.prepareStatement("select distinct on (t.experiment_id) t.experiment_id,"
                        + " t.trial_id, t.final_reward from trials t join experiments e on e.id = t.experiment_id"
                        + " where t.experiment_id = any (?) and t.status = 'SUCCEEDED'"
                        + " and t.final_reward is not null and t.final_reward <> 'NaN'::float8"
                        + " order by t.experiment_id, case when e.optimize_mode = 'minimize' then t.final_reward"
                        + " else -t.final_reward end, t.sequence_id")) {
                    s.setArray(1, idArray);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            best.put(r.getString(1), new ExperimentView.BestTrial(r.getString(2), r.getDouble(3)));
                        }
                    }
                } finally {
                    idArray.free();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading trial counts failed: " + e.getMessage(), e);
            }
        });
        return experiments.stream()
                .map(e -> toView(e, counts.getOrDefault(e.id, Map.of()), best.get(e.id)))
                .toList();
    }

    private static ExperimentView toView(
            ExperimentEntity e, Map<String, Long> counts, ExperimentView.BestTrial bestTrial) {
        Map<String, Long> trialCounts = new LinkedHashMap<>();
        for (TrialStatus status : SHOWN) {
            trialCounts.put(status.name(), counts.getOrDefault(status.name(), 0L));
        }
        return new ExperimentView(
                e.id,
                e.name,
                e.status,
                e.message,
                ConfigSecrets.redact(e.config),
                e.searchSpace,
                e.createdAt,
                e.startedAt,
                e.endedAt,
                e.execDurationMillis / 1000,
                e.trialConcurrency,
                e.maxTrialNumber,
                e.maxExperimentDurationSeconds,
                e.maxTrialDurationSeconds,
                e.optimizeMode,
                trialCounts,
                bestTrial);
    }
}
