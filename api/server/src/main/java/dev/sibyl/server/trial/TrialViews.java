package dev.sibyl.server.trial;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.scheduler.experiment.ParameterSource;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.metric.MetricValues;
import dev.sibyl.server.pool.PoolScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads trials with their metric summary: three queries for a whole experiment, whatever its size. */
@ApplicationScoped
public class TrialViews {
    @Inject
    EntityManager entityManager;

    @Inject
    PoolScheduler scheduler;

    /** The experiment's trials by sequence id, all of them or those in {@code status}. */
    public List<TrialView> list(String experimentId, Optional<TrialStatus> status) {
        List<TrialEntity> trials = status.isPresent()
                ? TrialEntity.<TrialEntity>list(
                        "experimentId = ?1 and status = ?2 order by sequenceId",
                        experimentId,
                        status.get().name())
                : TrialEntity.<TrialEntity>list("experimentId = ?1 order by sequenceId", experimentId);
        Map<String, String> finals = finalMetrics(experimentId, null);
        Map<String, Long> counts = intermediateCounts(experimentId, null);
        return trials.stream().map(t -> view(t, finals, counts)).toList();
    }

    public Optional<TrialView> get(String experimentId, String trialId) {
        return find(experimentId, trialId)
                .map(t -> view(t, finalMetrics(experimentId, trialId), intermediateCounts(experimentId, trialId)));
    }

    public static Optional<TrialEntity> find(String experimentId, String trialId) {
        return TrialEntity.<TrialEntity>find("experimentId = ?1 and trialId = ?2", experimentId, trialId)
                .firstResultOptional();
    }

    /** Trial id → JSON text of its FINAL metric (the lowest sequence when a trial sent several). */
    private Map<String, String> finalMetrics(String experimentId, String trialId) {
        Map<String, String> finals = new HashMap<>();
        rows(
                        "select m.trialId, m.value from MetricEntity m where m.experimentId = :e and m.type = 'FINAL'"
                                + (trialId == null ? "" : " and m.trialId = :t")
                                + " order by m.sequence desc",
                        experimentId,
                        trialId)
                .forEach(r -> finals.put((String) r[0], (String) r[1]));
        return finals;
    }

    private Map<String, Long> intermediateCounts(String experimentId, String trialId) {
        Map<String, Long> counts = new HashMap<>();
        rows(
                        "select m.trialId, count(m) from MetricEntity m where m.experimentId = :e and m.type = 'PERIODICAL'"
                                + (trialId == null ? "" : " and m.trialId = :t")
                                + " group by m.trialId",
                        experimentId,
                        trialId)
                .forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
        return counts;
    }

    private List<Object[]> rows(String query, String experimentId, String trialId) {
        TypedQuery<Object[]> q =
                entityManager.createQuery(query, Object[].class).setParameter("e", experimentId);
        if (trialId != null) {
            q.setParameter("t", trialId);
        }
        return q.getResultList();
    }

    private TrialView view(TrialEntity t, Map<String, String> finals, Map<String, Long> counts) {
        String finalJson = finals.get(t.trialId);
        JsonNode finalMetric = finalJson == null ? null : MetricValues.decode(finalJson);
        return new TrialView(
                t.trialId,
                t.sequenceId,
                t.parameterId,
                ParameterSource.valueOf(t.parameterSource.toUpperCase(Locale.ROOT))
                        .wire(),
                t.status,
                t.parameters,
                t.startedAt,
                t.endedAt,
                t.message,
                finalMetric,
                counts.getOrDefault(t.trialId, 0L),
                TrialStatus.WAITING.name().equals(t.status)
                        ? scheduler
                                .waitOf(t.experimentId, t.trialId)
                                .map(e -> new TrialView.Queue(e.position(), e.reason()))
                                .orElse(null)
                        : null,
                t.requeuedFrom);
    }
}
