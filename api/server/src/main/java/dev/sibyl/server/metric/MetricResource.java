package dev.sibyl.server.metric;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.server.trial.TenantExperiments;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The metrics trials reported, paged, ordered by trial sequence id, type, then sequence. */
@Path("/api/v1/tenants/{tenant}/experiments/{experimentId}/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {
    static final int MAX_SIZE = 1000;

    @Inject
    TenantExperiments experiments;

    @Inject
    EntityManager entityManager;

    @GET
    @Operation(summary = "Reported metrics, paged; filter by type (FINAL, PERIODICAL) and trial")
    public MetricPage list(
            @PathParam("experimentId") String experimentId,
            @QueryParam("type") String type,
            @QueryParam("trialId") String trialId,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        experiments.require(experimentId);
        if (page < 0) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "page", "must be >= 0");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "size", "must be between 1 and " + MAX_SIZE);
        }
        MetricType metricType = type == null ? null : type(type);
        String where = " from MetricEntity m, TrialEntity t where t.experimentId = m.experimentId"
                + " and t.trialId = m.trialId and m.experimentId = :e"
                + (metricType == null ? "" : " and m.type = :type")
                + (trialId == null ? "" : " and m.trialId = :trial");
        TypedQuery<MetricEntity> items = entityManager.createQuery(
                "select m" + where + " order by t.sequenceId, m.type, m.sequence", MetricEntity.class);
        TypedQuery<Long> count = entityManager.createQuery("select count(m)" + where, Long.class);
        for (TypedQuery<?> q : List.of(items, count)) {
            q.setParameter("e", experimentId);
            if (metricType != null) {
                q.setParameter("type", metricType.name());
            }
            if (trialId != null) {
                q.setParameter("trial", trialId);
            }
        }
        List<MetricView> views = items
                .setFirstResult(Math.toIntExact(Math.min((long) page * size, Integer.MAX_VALUE)))
                .setMaxResults(size)
                .getResultList()
                .stream()
                .map(m -> new MetricView(
                        m.trialId, m.parameterId, m.type, m.sequence, MetricValues.decode(m.value), m.createdAt))
                .toList();
        return new MetricPage(views, page, size, count.getSingleResult());
    }

    private static MetricType type(String text) {
        try {
            return MetricType.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST,
                    "type",
                    "unknown metric type '" + text + "'; expected FINAL or PERIODICAL");
        }
    }
}
