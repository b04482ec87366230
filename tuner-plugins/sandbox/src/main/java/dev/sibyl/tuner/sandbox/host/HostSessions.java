package dev.sibyl.tuner.sandbox.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.List;

/** Starting a session in a host and exchanging single-line requests, for hosted tuners and assessors. */
final class HostSessions {
    static final ObjectMapper JSON = new ObjectMapper();

    private HostSessions() {}

    /**
     * Takes a host from {@code hosts} and sends it {@code initLine}; gives it back when the session does not start.
     *
     * @throws InvalidInputException when the plugin refuses its settings, naming each field as the host saw it
     * @throws IllegalArgumentException when it refuses them without saying which
     * @throws PluginHostException when the host breaks a limit
     */
    static PluginHost open(HostSource hosts, String initLine) {
        PluginHost fresh = hosts.acquire();
        JsonNode answer;
        try {
            answer = read(fresh.call(initLine, 1).get(0));
        } catch (RuntimeException e) {
            hosts.release(fresh);
            throw e;
        }
        if (!answer.path("ok").asBoolean(false)) {
            hosts.release(fresh);
            List<Violation> violations = new ArrayList<>();
            answer.path("violations")
                    .forEach(v -> violations.add(new Violation(
                            v.path("field").asText("classArgs"),
                            v.path("message").asText())));
            if (!violations.isEmpty()) {
                throw new InvalidInputException(violations);
            }
            throw new IllegalArgumentException("plugin " + fresh.plugin() + " refused its settings: "
                    + answer.path("error").asText());
        }
        fresh.startSession();
        return fresh;
    }

    /** Sends one request and returns its one answer, which must be {@code ok}. */
    static JsonNode send(PluginHost host, ObjectNode request) {
        JsonNode answer = read(host.call(request.toString(), 1).get(0));
        if (!answer.path("ok").asBoolean(false)) {
            throw new IllegalStateException("plugin " + host.plugin() + " refused a request: "
                    + answer.path("error").asText());
        }
        return answer;
    }

    static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable answer from the plugin host", e);
        }
    }

    /**
     * Everything wrong with the settings of {@code probe}, found by starting its session in a host (and giving the
     * host back): the plugin's own violations under {@code classArgsPath}, or the limit its host broke.
     */
    static List<Violation> check(HostedSession probe, String classArgsPath) {
        try {
            probe.open();
            return List.of();
        } catch (InvalidInputException e) {
            return e.violations().stream().map(v -> relocate(v, classArgsPath)).toList();
        } catch (IllegalArgumentException | PluginHostException e) {
            return List.of(new Violation(classArgsPath, e.getMessage()));
        } finally {
            probe.close();
        }
    }

    /** A hosted algorithm whose session can be started early and whose host can be given back. */
    interface HostedSession {
        void open();

        void close();
    }

    /** Maps a host-side {@code classArgs.<key>} field under the caller's own classArgs path. */
    static Violation relocate(Violation v, String classArgsPath) {
        String field = v.field();
        if (field.equals("classArgs") || field.startsWith("classArgs.")) {
            return new Violation(classArgsPath + field.substring("classArgs".length()), v.message());
        }
        return v;
    }
}
