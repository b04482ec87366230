package dev.sibyl.cli.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code HttpServer}) standing in for the Sibyl server: routes
 * of docs/api.md answer with the JSON a test registers (one answer, or a sequence whose last answer
 * repeats), unknown routes answer a 404 problem like the server's, and every request is recorded
 * with method, path, query, headers and body.
 */
public final class FakeSibylServer implements AutoCloseable {

    public static final String TENANT_BASE = "/api/v1/tenants/default";

    private final HttpServer server;
    private final Map<String, Deque<Answer>> routes = new HashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private FakeSibylServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public static FakeSibylServer start() {
        try {
            return new FakeSibylServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake server on 127.0.0.1", e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} (path without query) with JSON. */
    public FakeSibylServer json(String method, String path, int status, String body) {
        return answer(method, path, new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Answers {@code method path} with an RFC 9457 problem. */
    public FakeSibylServer problem(String method, String path, int status, String problemJson) {
        return answer(
                method,
                path,
                new Answer(status, "application/problem+json", problemJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** Answers {@code method path} with any content type. */
    public FakeSibylServer raw(String method, String path, int status, String contentType, String body) {
        return answer(method, path, new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Answers successive requests with successive JSON bodies (status 200); the last one repeats. */
    public FakeSibylServer jsonSequence(String method, String path, String... bodies) {
        for (String body : bodies) {
            json(method, path, 200, body);
        }
        return this;
    }

    private synchronized FakeSibylServer answer(String method, String path, Answer answer) {
        routes.computeIfAbsent(method + " " + path, key -> new ConcurrentLinkedDeque<>())
                .addLast(answer);
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The recorded requests to {@code method path}, in order. */
    public List<Recorded> requests(String method, String path) {
        List<Recorded> matching = new ArrayList<>();
        for (Recorded request : requests) {
            if (request.method().equals(method) && request.path().equals(path)) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** The single recorded request to {@code method path}. */
    public Recorded only(String method, String path) {
        List<Recorded> matching = requests(method, path);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + method + " " + path + " but got " + matching.size()
                    + "; all requests: " + requests);
        }
        return matching.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            requests.add(new Recorded(method, path, exchange.getRequestURI().getRawQuery(), headers, body));
            Answer answer = next(method + " " + path);
            if (answer == null) {
                answer = new Answer(
                        404,
                        "application/problem+json",
                        ("{\"type\":\"https://sibyl.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                                        + "\"detail\":\"No route " + method + " " + path + "\",\"instance\":\"" + path
                                        + "\",\"code\":\"not-found\",\"traceId\":\"0af7651916cd43dd8448eb211c80319c\"}")
                                .getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    private synchronized Answer next(String route) {
        Deque<Answer> answers = routes.get(route);
        if (answers == null || answers.isEmpty()) {
            return null;
        }
        return answers.size() > 1 ? answers.pollFirst() : answers.peekFirst();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private record Answer(int status, String contentType, byte[] body) {}

    /** One request as the server received it; header names are lower-case. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }
}
