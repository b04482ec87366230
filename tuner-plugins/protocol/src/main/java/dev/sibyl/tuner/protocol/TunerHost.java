package dev.sibyl.tuner.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Speaks the tuner line protocol (shared/bench/PROTOCOL.md) over stdin/stdout for every built-in tuner:
 * {@code init}, {@code ask}, {@code tell}, {@code quit}, one JSON object per line, stdout flushed after each
 * line and used for protocol lines only. Started by {@code bin/sibyl-tuner}. Sibyl extensions are documented
 * in {@code docs/plugin-authoring.md}, among them multi-objective sessions ({@code objectives} in init, {@code
 * values} in tell and observe, {@code front}).
 */
public final class TunerHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Algorithms algorithms;
    private final PrintStream out;
    private TunerSession session;
    private AssessorSession assessorSession;

    TunerHost(Algorithms algorithms, PrintStream out) {
        this.algorithms = algorithms;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        serve(Algorithms.builtin());
    }

    /**
     * Serves {@code algorithms} over this process's stdin and stdout until {@code quit} or end of input; anything
     * else written to {@code System.out} goes to stderr so it cannot corrupt the protocol. The sandbox's plugin
     * host serves a tenant's plugin this way.
     */
    public static void serve(Algorithms algorithms) throws IOException {
        PrintStream stdout = new PrintStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but protocol lines may reach stdout
        TunerHost host = new TunerHost(algorithms, stdout);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!host.handle(line)) {
                break;
            }
        }
        stdout.flush();
    }

    /** Handles one request line; false after {@code quit}. */
    boolean handle(String line) {
        if (line.isBlank()) {
            return true;
        }
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (IOException e) {
            reply(error("request is not JSON: " + e.getMessage()));
            return true;
        }
        String cmd = request.path("cmd").asText("");
        switch (cmd) {
            case "init":
                init(request);
                return true;
            case "ask":
                ask(request.path("n").asInt(1));
                return true;
            case "tell":
                tell(request);
                return true;
            case "observe":
                observe(request);
                return true;
            case "describe":
                describe();
                return true;
            case "front":
                front();
                return true;
            case "curve":
                curve(request);
                return true;
            case "end":
                end(request);
                return true;
            case "assess":
                assess(request.path("id").asLong());
                return true;
            case "report":
                report(request);
                return true;
            case "quit":
                reply(ok());
                return false;
            default:
                reply(error("unknown cmd '" + cmd + "'"));
                return true;
        }
    }

    private void init(JsonNode request) {
        session = null;
        assessorSession = null;
        try {
            if (request.has("assessor")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> args =
                        request.has("classArgs") ? JSON.convertValue(request.get("classArgs"), Map.class) : Map.of();
                assessorSession = AssessorSession.start(
                        algorithms, request.path("assessor").asText(), args);
                reply(ok());
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> classArgs =
                    request.has("classArgs") ? JSON.convertValue(request.get("classArgs"), Map.class) : Map.of();
            Object space = JSON.convertValue(request.path("searchSpace"), Object.class);
            List<Objective> objectives = request.has("objectives")
                    ? Objective.parseAll(JSON.convertValue(request.get("objectives"), Object.class), "objectives")
                    : List.of();
            session = TunerSession.start(
                    algorithms,
                    request.path("tuner").asText("TPE"),
                    space,
                    classArgs,
                    request.path("seed").asLong(0),
                    objectives);
            reply(ok());
        } catch (InvalidInputException e) {
            // Sibyl extension: the violations one by one, so a server can name each field to its user.
            ObjectNode answer = error(TunerSession.describe(e));
            ArrayNode violations = answer.putArray("violations");
            e.violations()
                    .forEach(v -> violations.addObject().put("field", v.field()).put("message", v.message()));
            reply(answer);
        } catch (RuntimeException e) {
            reply(error(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void ask(int n) {
        if (session == null) {
            for (int i = 0; i < n; i++) {
                reply(JSON.createObjectNode().put("error", "ask before a successful init"));
            }
            return;
        }
        try {
            for (TunerSession.Proposal p : session.ask(n)) {
                ObjectNode line = JSON.createObjectNode();
                if (p.done()) {
                    line.putNull("id");
                    line.put("done", true);
                } else {
                    line.put("id", p.id());
                    line.set("params", JSON.valueToTree(p.params()));
                }
                reply(line);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < n; i++) {
                reply(JSON.createObjectNode().put("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private void tell(JsonNode request) {
        if (session == null) {
            reply(error("tell before a successful init"));
            return;
        }
        try {
            boolean failed = "failed".equals(request.path("status").asText(""));
            if (session.multiObjective()) {
                session.tell(request.path("id").asLong(), failed ? null : values(request));
                reply(ok());
                return;
            }
            JsonNode value = request.get("value");
            if (!failed && (value == null || !value.isNumber())) {
                reply(error("tell needs a numeric value or status failed"));
                return;
            }
            session.tell(request.path("id").asLong(), failed ? null : value.asDouble());
            reply(ok());
        } catch (RuntimeException e) {
            reply(error(e.getMessage()));
        }
    }

    /**
     * Sibyl extension: {@code {"cmd":"observe","params":{...},"value":v}} (or {@code "status":"failed"}, or {@code
     * "status":"pending"} for an evaluation still running, told later by the id answered).
     */
    private void observe(JsonNode request) {
        if (session == null) {
            reply(error("observe before a successful init"));
            return;
        }
        JsonNode params = request.get("params");
        String status = request.path("status").asText("");
        boolean failed = "failed".equals(status);
        boolean pending = "pending".equals(status);
        JsonNode value = request.get("value");
        boolean valueMissing = !session.multiObjective() && (value == null || !value.isNumber());
        if (params == null || !params.isObject() || (!failed && !pending && valueMissing)) {
            reply(error("observe needs params (an object) and a numeric value or status failed or pending"));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = JSON.convertValue(params, Map.class);
        try {
            long id;
            if (pending) {
                id = session.observePending(parameters);
            } else if (session.multiObjective()) {
                id = session.observe(parameters, failed ? null : values(request));
            } else {
                id = session.observe(parameters, failed ? null : value.asDouble());
            }
            reply(ok().put("id", id));
        } catch (RuntimeException e) {
            reply(error(e.getMessage()));
        }
    }

    /** The {@code values} object of a multi-objective tell or observe, in objective order. */
    private List<Double> values(JsonNode request) {
        JsonNode values = request.get("values");
        if (values == null || !values.isObject()) {
            throw new IllegalArgumentException(
                    "a multi-objective session needs \"values\": {metric: number, ...} or status failed");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> reported = JSON.convertValue(values, Map.class);
        return session.values(reported);
    }

    /**
     * Sibyl extension, multi-objective sessions: {@code {"cmd":"front"}} answers the Pareto set so far, {@code
     * {"ok":true,"front":[{"id":n,"params":{…},"values":{metric: v, …}}, …]}}.
     */
    private void front() {
        if (session == null || !session.multiObjective()) {
            reply(error("front needs a successful init with objectives"));
            return;
        }
        ObjectNode line = ok();
        ArrayNode front = line.putArray("front");
        for (Observation o : session.front()) {
            ObjectNode entry = front.addObject().put("id", o.parameterId());
            entry.set("params", JSON.valueToTree(o.parameters()));
            ObjectNode values = entry.putObject("values");
            for (int k = 0; k < o.values().size(); k++) {
                values.put(session.objectives().get(k).metric(), o.values().get(k));
            }
        }
        reply(line);
    }

    /**
     * Sibyl extension, assessor sessions: {@code {"cmd":"curve","id":n,"params":{…},"from":i,"values":[…]}}
     * appends to trial n's learning curve from position i (known values are skipped).
     */
    private void curve(JsonNode request) {
        if (assessorSession == null) {
            reply(error("curve before a successful assessor init"));
            return;
        }
        try {
            List<Double> values = new ArrayList<>();
            for (JsonNode v : request.path("values")) {
                if (!v.isNumber()) {
                    reply(error("curve values must be numbers"));
                    return;
                }
                values.add(v.asDouble());
            }
            assessorSession.curve(
                    request.path("id").asLong(),
                    params(request),
                    request.path("from").asInt(0),
                    values);
            reply(ok());
        } catch (RuntimeException e) {
            reply(error(e.getMessage()));
        }
    }

    /** {@code {"cmd":"end","id":n,"status":"succeeded"|"failed"|"early_stopped","value":v}}: trial n ended. */
    private void end(JsonNode request) {
        if (assessorSession == null) {
            reply(error("end before a successful assessor init"));
            return;
        }
        try {
            Observation.Outcome outcome = Observation.Outcome.valueOf(
                    request.path("status").asText("").toUpperCase(java.util.Locale.ROOT));
            JsonNode value = request.get("value");
            assessorSession.end(
                    request.path("id").asLong(),
                    params(request),
                    outcome,
                    value != null && value.isNumber() ? value.asDouble() : null);
            reply(ok());
        } catch (RuntimeException e) {
            reply(error("end needs status succeeded, failed or early_stopped: " + e.getMessage()));
        }
    }

    /** {@code {"cmd":"assess","id":n}} → {@code {"ok":true,"stop":bool}}: the assessor's verdict on trial n. */
    private void assess(long id) {
        if (assessorSession == null) {
            reply(error("assess before a successful assessor init"));
            return;
        }
        try {
            reply(ok().put("stop", assessorSession.assess(id)));
        } catch (RuntimeException e) {
            reply(error(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * The reserved early-stopping form of shared/bench/PROTOCOL.md, {@code {"cmd":"report","id":n,"step":k,
     * "value":v}} (step k from 1): value k of trial n's curve, then the verdict.
     */
    private void report(JsonNode request) {
        if (assessorSession == null) {
            reply(error("report before a successful assessor init"));
            return;
        }
        JsonNode value = request.get("value");
        int step = request.path("step").asInt(0);
        if (value == null || !value.isNumber() || step < 1) {
            reply(error("report needs step (from 1) and a numeric value"));
            return;
        }
        long id = request.path("id").asLong();
        try {
            assessorSession.curve(id, params(request), step - 1, List.of(value.asDouble()));
        } catch (RuntimeException e) {
            reply(error(e.getMessage()));
            return;
        }
        assess(id);
    }

    private static Map<String, Object> params(JsonNode request) {
        JsonNode params = request.get("params");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = params != null && params.isObject() ? JSON.convertValue(params, Map.class) : null;
        return map;
    }

    /** Sibyl extension: {@code {"cmd":"describe"}} answers the names of the tuners and assessors served. */
    private void describe() {
        ObjectNode line = ok();
        ArrayNode tuners = line.putArray("tuners");
        algorithms.tunerNames().forEach(tuners::add);
        ArrayNode assessors = line.putArray("assessors");
        algorithms.assessorNames().forEach(assessors::add);
        reply(line);
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("ok", false).put("error", message);
    }

    private void reply(JsonNode line) {
        out.print(line.toString());
        out.print('\n');
        out.flush();
    }
}
