package dev.sibyl.server.metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a stored metric value (the JSON text the trial sent) into JSON the API can answer with. NNI lets
 * trials report NaN and ±Infinity, which JSON cannot carry: they become the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}, wherever they appear (a bare metric or a key of a dict metric).
 */
public final class MetricValues {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private MetricValues() {}

    /** The decoded metric; text that is not JSON at all (never stored by Sibyl) comes back as a string. */
    public static JsonNode decode(String valueJson) {
        JsonNode node;
        try {
            node = JSON.readTree(valueJson);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(valueJson);
        }
        return node == null ? TextNode.valueOf(valueJson) : finite(node);
    }

    private static JsonNode finite(JsonNode node) {
        if (node.isNumber() && (node.isDouble() || node.isFloat())) {
            double v = node.doubleValue();
            if (Double.isNaN(v)) {
                return TextNode.valueOf("NaN");
            }
            if (Double.isInfinite(v)) {
                return TextNode.valueOf(v > 0 ? "Infinity" : "-Infinity");
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), finite(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(finite(item)));
            return out;
        }
        return node;
    }
}
