package dev.sibyl.tuner.sandbox.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plugin assessor seen through the SPI. Each {@link #assess} sends the host only what changed (new values of
 * learning curves with {@code curve}, ended trials with {@code end}) and then asks for the verdict ({@code
 * assess}). A new host (first call, or after one was stopped) is initialised and sent the whole history.
 */
public final class HostedAssessor implements Assessor, AutoCloseable, HostSessions.HostedSession {
    private final HostSource hosts;
    private final String initLine;
    private PluginHost host;
    /** How many curve values of each trial the host knows. */
    private final Map<Long, Integer> sent = new HashMap<>();
    /** Trials whose end the host knows. */
    private final Set<Long> ended = new HashSet<>();

    public HostedAssessor(HostSource hosts, String assessor, Map<String, Object> classArgs) {
        this.hosts = hosts;
        ObjectNode init =
                HostSessions.JSON.createObjectNode().put("cmd", "init").put("assessor", assessor);
        init.set("classArgs", HostSessions.JSON.valueToTree(classArgs));
        this.initLine = init.toString();
    }

    /** Takes a host and starts the session now (see {@link HostSessions#open} for what it throws). */
    public synchronized void open() {
        if (host == null || !host.alive()) {
            if (host != null) {
                hosts.release(host);
                host = null;
            }
            sent.clear();
            ended.clear();
            host = HostSessions.open(hosts, initLine);
        }
    }

    @Override
    public synchronized Verdict assess(Observation trial, History history) {
        open();
        for (Observation o : history.observations()) {
            if (o.parameterId() != trial.parameterId()) {
                sync(o);
            }
        }
        sync(trial);
        ObjectNode request =
                HostSessions.JSON.createObjectNode().put("cmd", "assess").put("id", trial.parameterId());
        return HostSessions.send(host, request).path("stop").asBoolean(false) ? Verdict.BAD : Verdict.GOOD;
    }

    private void sync(Observation o) {
        Integer known = sent.get(o.parameterId());
        List<Double> curve = o.intermediate();
        if (known == null || curve.size() > known) {
            int from = known == null ? 0 : known;
            ObjectNode request =
                    HostSessions.JSON.createObjectNode().put("cmd", "curve").put("id", o.parameterId());
            if (known == null) {
                request.set("params", HostSessions.JSON.valueToTree(o.parameters()));
            }
            request.put("from", from);
            ArrayNode values = request.putArray("values");
            curve.subList(from, curve.size()).forEach(values::add);
            HostSessions.send(host, request);
            sent.put(o.parameterId(), curve.size());
        }
        if (o.outcome().finished() && ended.add(o.parameterId())) {
            ObjectNode request = HostSessions.JSON
                    .createObjectNode()
                    .put("cmd", "end")
                    .put("id", o.parameterId())
                    .put("status", o.outcome().name().toLowerCase(Locale.ROOT));
            if (o.hasValue()) {
                request.put("value", o.value());
            }
            HostSessions.send(host, request);
        }
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            hosts.release(host);
            host = null;
        }
    }
}
