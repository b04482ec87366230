package dev.sibyl.tuner.sandbox.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plugin tuner seen through the SPI: each {@link #ask} sends the host only what changed since the last call
 * (a {@code tell} for results of what it knows, an {@code observe} for evaluations it did not propose, pending or
 * finished) and then asks. When the host is new (first call, or after it was stopped for breaking a limit) it is initialised and the
 * whole finished history is replayed into it, so the tuner behaves as if it had never been restarted. Host
 * failures surface as {@link PluginHostException}s naming the plugin and the limit. Closing gives the host back
 * to its {@link HostSource} (a pool keeps it for the same tenant's next session).
 */
public final class HostedTuner implements Tuner, AutoCloseable, HostSessions.HostedSession {
    private static final ObjectMapper JSON = HostSessions.JSON;

    private final HostSource hosts;
    private final String initLine;
    private final List<Objective> objectives;
    private PluginHost host;
    /** Host ids of this host's proposals not yet seen in a history, by the canonical form of their parameters. */
    private final Map<String, Deque<Long>> unclaimed = new HashMap<>();
    /** The host's id of each history parameter id it knows. */
    private final Map<Long, Long> hostIds = new HashMap<>();
    /** History parameter ids whose result the host knows. */
    private final Set<Long> told = new HashSet<>();

    public HostedTuner(HostSource hosts, String tuner, Object searchSpace, Map<String, Object> classArgs, long seed) {
        this(hosts, tuner, searchSpace, classArgs, seed, List.of());
    }

    /** A hosted tuner searching {@code objectives} when there are two or more (results then go as values). */
    public HostedTuner(
            HostSource hosts,
            String tuner,
            Object searchSpace,
            Map<String, Object> classArgs,
            long seed,
            List<Objective> objectives) {
        this.hosts = hosts;
        this.objectives = List.copyOf(objectives);
        ObjectNode init = JSON.createObjectNode();
        init.put("cmd", "init");
        init.put("tuner", tuner);
        init.put("seed", seed);
        init.set("classArgs", JSON.valueToTree(classArgs));
        init.set("searchSpace", JSON.valueToTree(searchSpace));
        if (!objectives.isEmpty()) {
            ArrayNode list = init.putArray("objectives");
            for (Objective o : objectives) {
                list.addObject()
                        .put("metric", o.metric())
                        .put("mode", o.mode().name().toLowerCase(Locale.ROOT));
            }
        }
        this.initLine = init.toString();
    }

    @Override
    public synchronized List<Map<String, Object>> ask(History history, int count) {
        if (host == null || !host.alive()) {
            start();
        }
        for (Observation o : history.observations()) {
            sync(o);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : host.call("{\"cmd\":\"ask\",\"n\":" + count + "}", count)) {
            JsonNode answer = HostSessions.read(line);
            if (answer.has("error")) {
                throw new IllegalStateException(
                        "the plugin failed to propose: " + answer.path("error").asText());
            }
            if (answer.path("done").asBoolean(false) || !answer.has("params")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = JSON.convertValue(answer.get("params"), Map.class);
            unclaimed
                    .computeIfAbsent(canonical(params), k -> new ArrayDeque<>())
                    .add(answer.path("id").asLong());
            out.add(params);
        }
        return out;
    }

    /**
     * Takes a host and starts the session now rather than at the first ask.
     *
     * @throws InvalidInputException when the plugin refuses its settings or the space, naming each field as the
     *     host saw it ({@code classArgs.<key>}, {@code searchSpace.<name>})
     * @throws IllegalArgumentException when it refuses them without saying which
     * @throws PluginHostException when the host breaks a limit
     */
    public synchronized void open() {
        if (host == null || !host.alive()) {
            start();
        }
    }

    private void start() {
        if (host != null) {
            hosts.release(host);
            host = null;
        }
        unclaimed.clear();
        hostIds.clear();
        told.clear();
        host = HostSessions.open(hosts, initLine);
    }

    /**
     * Makes the host know {@code o} as the history has it: an unseen observation is matched to one of the host's
     * own untold proposals (same parameters) or else observed (pending, or with its result); a result that
     * arrived since is told.
     */
    private void sync(Observation o) {
        Long hostId = hostIds.get(o.parameterId());
        if (hostId == null) {
            Deque<Long> own = unclaimed.get(canonical(o.parameters()));
            if (own == null || own.isEmpty()) {
                hostIds.put(o.parameterId(), observe(o));
                if (o.outcome().finished()) {
                    told.add(o.parameterId());
                }
                return;
            }
            hostId = own.poll();
            hostIds.put(o.parameterId(), hostId);
        }
        if (o.outcome().finished() && told.add(o.parameterId())) {
            ObjectNode request = JSON.createObjectNode().put("cmd", "tell").put("id", hostId);
            send(withResult(request, o));
        }
    }

    private long observe(Observation o) {
        ObjectNode request = JSON.createObjectNode().put("cmd", "observe");
        request.set("params", JSON.valueToTree(o.parameters()));
        if (o.outcome().finished()) {
            withResult(request, o);
        } else {
            request.put("status", "pending");
        }
        return send(request).path("id").asLong();
    }

    /**
     * The result of {@code o}: its value, or with several objectives its values by metric; an observation without
     * them (or with a non-finite one, which JSON cannot carry) goes as failed, which teaches the tuner as little
     * as such a result does in process.
     */
    private ObjectNode withResult(ObjectNode request, Observation o) {
        if (Objective.several(objectives)) {
            if (o.hasValues(objectives.size()) && o.values().stream().allMatch(Double::isFinite)) {
                ObjectNode values = request.putObject("values");
                for (int k = 0; k < objectives.size(); k++) {
                    values.put(objectives.get(k).metric(), o.values().get(k));
                }
            } else {
                request.put("status", "failed");
            }
        } else if (o.hasValue()) {
            request.put("value", o.value());
        } else {
            request.put("status", "failed");
        }
        return request;
    }

    private JsonNode send(ObjectNode request) {
        return HostSessions.send(host, request);
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
            hosts.release(host);
            host = null;
        }
    }
}
