package dev.sibyl.server.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Reward;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A stored experiment's objectives (Sibyl's multi-objective search) and the values a FINAL metric gives them. */
public final class Objectives {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Objectives() {}

    /** The objectives of a stored (canonical) config; empty for a single-objective search. */
    public static List<Objective> of(Map<String, Object> config) {
        Object raw = config == null ? null : config.get("objectives");
        return raw == null ? List.of() : Objective.parseAll(raw, "objectives");
    }

    /** The same, from the {@code objectives} JSON text of a stored config (null when absent). */
    public static List<Objective> ofJson(String objectivesJson) {
        if (objectivesJson == null) {
            return List.of();
        }
        try {
            return Objective.parseAll(JSON.readValue(objectivesJson, Object.class), "objectives");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored objectives are not JSON", e);
        }
    }

    /** The objectives' values in a FINAL metric's stored JSON text; empty when it lacks a number for one. */
    public static Optional<List<Double>> values(String metricJson, List<Objective> objectives) {
        try {
            return Reward.vector(JSON.readValue(metricJson, Object.class), objectives);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
