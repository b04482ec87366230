package dev.sibyl.server.trial;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.driver.Objectives;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.pareto.ParetoFront;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The result of a multi-objective search: its Pareto set, the succeeded trials no other succeeded trial beats on
 * every objective (docs/multi-objective.md).
 */
@Path("/api/v1/tenants/{tenant}/experiments/{experimentId}/pareto")
@Produces(MediaType.APPLICATION_JSON)
public class ParetoResource {
    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {};

    @Inject
    TenantExperiments experiments;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** One trial of the Pareto set; {@code values} by metric, in the config's objective order. */
    public record ParetoTrial(
            String trialId, Long parameterId, Map<String, Object> parameters, Map<String, Double> values) {}

    /** The Pareto set with the objectives it was computed for. */
    public record ParetoSet(List<Map<String, String>> objectives, List<ParetoTrial> trials) {}

    @GET
    @Operation(summary = "The Pareto set of a multi-objective experiment (409 for a single-objective one)")
    public ParetoSet pareto(@PathParam("experimentId") String experimentId) {
        ExperimentEntity experiment = experiments.require(experimentId);
        List<Objective> objectives = Objectives.of(experiment.config);
        if (objectives.isEmpty()) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "experiment " + experimentId
                            + " searches one metric: its best trial is the experiment's bestTrial");
        }
        Map<Long, ParetoTrial> byId = new HashMap<>();
        List<Observation> observations = new ArrayList<>();
        for (Row row : succeeded(experimentId)) {
            Objectives.values(row.metric(), objectives).ifPresent(values -> {
                long id = observations.size();
                observations.add(new Observation(
                        id, row.parameters(), Observation.Outcome.SUCCEEDED, values.get(0), null, values));
                Map<String, Double> named = new LinkedHashMap<>();
                for (int i = 0; i < objectives.size(); i++) {
                    named.put(objectives.get(i).metric(), values.get(i));
                }
                byId.put(id, new ParetoTrial(row.trialId(), row.parameterId(), row.parameters(), named));
            });
        }
        List<ParetoTrial> front = ParetoFront.of(new History(observations), objectives).stream()
                .map(o -> byId.get(o.parameterId()))
                .toList();
        List<Map<String, String>> shown = objectives.stream()
                .map(o -> Map.of("metric", o.metric(), "mode", o.mode().name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
        return new ParetoSet(shown, front);
    }

    private record Row(String trialId, Long parameterId, Map<String, Object> parameters, String metric) {}

    private List<Row> succeeded(String experimentId) {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select t.trial_id, t.parameter_id, t.parameters::text,"
                                + " (select m.value from metrics m where m.experiment_id = t.experiment_id"
                                + " and m.trial_id = t.trial_id and m.type = 'FINAL' order by m.sequence limit 1)"
                                + " from trials t where t.experiment_id = ? and t.status = 'SUCCEEDED' order by t.sequence_id")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getString(4) == null) {
                        continue;
                    }
                    long pid = r.getLong(2);
                    Long parameterId = r.wasNull() ? null : pid;
                    rows.add(new Row(
                            r.getString(1), parameterId, json.readValue(r.getString(3), PARAMETERS), r.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the trials of " + experimentId + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
