package dev.sibyl.tuner.sandbox.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A plugin tuner seen through the SPI: each {@link #ask} sends the host only what changed since the last call
 * (a {@code tell} for results of its own proposals, an {@code observe} for results it did not propose) and then
 * asks. When the host is new (first call, or after it was stopped for breaking a limit) it is initialised and the
 * whole finished history is replayed into it, so the tuner behaves as if it had never been restarted. Host
 * failures surface as {@link PluginHostException}s naming the plugin and the limit.
 */
public final class HostedTuner implements Tuner, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<PluginHost> hosts;
    private final String initLine;
    private PluginHost host;
    /** Host ids of this host's proposals not yet told, by the canonical form of their parameters. */
    private final Map<String, Deque<Long>> pending = new HashMap<>();
    /** Parameter ids of finished observations the current host already knows. */
    private final Set<Long> known = new HashSet<>();

    public HostedTuner(
            Supplier<PluginHost> hosts, String tuner, Object searchSpace, Map<String, Object> classArgs, long seed) {
        this.hosts = hosts;
        ObjectNode init = JSON.createObjectNode();
        init.put("cmd", "init");
        init.put("tuner", tuner);
        init.put("seed", seed);
        init.set("classArgs", JSON.valueToTree(classArgs));
        init.set("searchSpace", JSON.valueToTree(searchSpace));
        this.initLine = init.toString();
    }

    @Override
    public synchronized List<Map<String, Object>> ask(History history, int count) {
        if (host == null || !host.alive()) {
            start();
        }
        for (Observation o : history.observations()) {
            if (o.outcome().finished() && known.add(o.parameterId())) {
                report(o);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : host.call("{\"cmd\":\"ask\",\"n\":" + count + "}", count)) {
            JsonNode answer = read(line);
            if (answer.has("error")) {
                throw new IllegalStateException(
                        "the plugin failed to propose: " + answer.path("error").asText());
            }
            if (answer.path("done").asBoolean(false) || !answer.has("params")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = JSON.convertValue(answer.get("params"), Map.class);
            pending.computeIfAbsent(canonical(params), k -> new ArrayDeque<>())
                    .add(answer.path("id").asLong());
            out.add(params);
        }
        return out;
    }

    private void start() {
        if (host != null) {
            host.close();
        }
        host = hosts.get();
        pending.clear();
        known.clear();
        JsonNode answer = read(host.call(initLine, 1).get(0));
        if (!answer.path("ok").asBoolean(false)) {
            throw new IllegalArgumentException(
                    "the plugin refused its settings: " + answer.path("error").asText());
        }
    }

    private void report(Observation o) {
        ObjectNode request = JSON.createObjectNode();
        Deque<Long> ids = pending.get(canonical(o.parameters()));
        if (ids != null && !ids.isEmpty()) {
            request.put("cmd", "tell").put("id", ids.poll());
        } else {
            request.put("cmd", "observe").set("params", JSON.valueToTree(o.parameters()));
        }
        if (o.hasValue()) {
            request.put("value", o.value());
        } else {
            request.put("status", "failed");
        }
        JsonNode answer = read(host.call(request.toString(), 1).get(0));
        if (!answer.path("ok").asBoolean(false)) {
            throw new IllegalStateException(
                    "the plugin host refused a result: " + answer.path("error").asText());
        }
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable answer from the plugin host", e);
        }
    }

    /** The same text for equal parameter sets, whatever their key order or number types. */
    static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof Number n) {
            return Double.toString(n.doubleValue());
        }
        return String.valueOf(value);
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
