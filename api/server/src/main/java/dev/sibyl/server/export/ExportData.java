package dev.sibyl.server.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sibyl.server.metric.MetricEntity;
import dev.sibyl.server.trial.TrialEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what {@code nnictl experiment export} lists: trials with a final metric, by sequence id. */
@ApplicationScoped
public class ExportData {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Inject
    EntityManager entityManager;

    public List<ExportedTrial> trials(String experimentId, boolean intermediate) {
        Map<String, String> finals = new HashMap<>();
        // Descending, so the lowest sequence is put last and wins when a trial sent several FINAL records.
        entityManager
                .createQuery(
                        "select m from MetricEntity m where m.experimentId = :e and m.type = 'FINAL'"
                                + " order by m.sequence desc",
                        MetricEntity.class)
                .setParameter("e", experimentId)
                .getResultList()
                .forEach(m -> finals.put(m.trialId, m.value));
        Map<String, List<String>> periodical = new HashMap<>();
        if (intermediate) {
            entityManager
                    .createQuery(
                            "select m from MetricEntity m where m.experimentId = :e and m.type = 'PERIODICAL'"
                                    + " order by m.trialId, m.sequence",
                            MetricEntity.class)
                    .setParameter("e", experimentId)
                    .getResultList()
                    .forEach(m -> periodical
                            .computeIfAbsent(m.trialId, k -> new ArrayList<>())
                            .add(m.value));
        }
        List<ExportedTrial> out = new ArrayList<>();
        for (TrialEntity trial : TrialEntity.<TrialEntity>list("experimentId = ?1 order by sequenceId", experimentId)) {
            String value = finals.get(trial.trialId);
            if (value != null) {
                out.add(new ExportedTrial(
                        trial.trialId, parameters(trial), value, periodical.getOrDefault(trial.trialId, List.of())));
            }
        }
        return out;
    }

    /** The parameters exactly as the trial received them: from its parameter record, not the re-typed copy. */
    private static JsonNode parameters(TrialEntity trial) {
        try {
            JsonNode record = JSON.readTree(trial.parameterRecord);
            JsonNode parameters = record == null ? null : record.get("parameters");
            if (parameters != null && parameters.isObject()) {
                return parameters;
            }
        } catch (JsonProcessingException e) {
            // Fall back to the stored parameters below.
        }
        return trial.parameters == null ? JsonNodeFactory.instance.objectNode() : JSON.valueToTree(trial.parameters);
    }
}
