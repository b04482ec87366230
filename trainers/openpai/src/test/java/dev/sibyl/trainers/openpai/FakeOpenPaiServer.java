package dev.sibyl.trainers.openpai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an OpenPAI cluster's REST server, implementing exactly the documented subset a training service
 * uses (OpenPAI REST API v2, {@code rest-server/docs/swagger.yaml}) and rejecting anything else:
 *
 * <ul>
 *   <li>{@code POST /rest-server/api/v2/jobs}, body {@code text/yaml}: 202; 400 for a malformed protocol (see
 *       {@link FakeProtocolCheck}), an unknown virtual cluster ({@code NoVirtualClusterError}) or storage; 409 for
 *       a name the user already has ({@code ConflictJobError}).
 *   <li>{@code GET /rest-server/api/v2/jobs/{user}~{job}}: the job detail; 404 {@code NoJobError}.
 *   <li>{@code PUT /rest-server/api/v2/jobs/{user}~{job}/executionType}, body {@code application/json} {@code
 *       {"value":"STOP"}}: 202; 404 {@code NoJobError}.
 * </ul>
 *
 * Every call needs {@code Authorization: Bearer <token>} of a known user (401 {@code UnauthorizedUserError});
 * another user's job answers 403 {@code ForbiddenUserError}. Any other path or method answers 404 {@code
 * NoApiError}.
 *
 * <p>Its "cluster" runs each job's commands as a local bash process (see {@link FakeJob}) after a short wait in
 * WAITING. A storage named in {@code extras.storages} is "mounted" by making its container mount point a
 * symbolic link to the storage's directory, so the container sees the storage at another path, as in OpenPAI.
 */
final class FakeOpenPaiServer implements AutoCloseable {
    private static final String JOBS = "/rest-server/api/v2/jobs";
    private static final Pattern JOB_PATH =
            Pattern.compile(Pattern.quote(JOBS) + "/([\\w.-]+)~([a-zA-Z0-9_-]+)(/executionType)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A storage config: its data on the "NFS server" and where containers see it. */
    private record Storage(Path directory, Path containerMountPoint) {}

    private final HttpServer http;
    private final Path containers;
    private final Map<String, String> usersByToken = new ConcurrentHashMap<>();
    private final Set<String> virtualClusters = ConcurrentHashMap.newKeySet();
    private final Map<String, Storage> storages = new ConcurrentHashMap<>();
    private final Map<String, FakeJob> jobs = new ConcurrentHashMap<>();
    private final List<String> submittedProtocols = new CopyOnWriteArrayList<>();
    private final AtomicInteger statusReads = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fake-openpai-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Duration waitingTime = Duration.ofMillis(300);

    /** Starts on a free loopback port; containers' working directories go under {@code containers}. */
    FakeOpenPaiServer(Path containers) throws IOException {
        this.containers = containers;
        this.virtualClusters.add("default");
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "fake-openpai-http");
            thread.setDaemon(true);
            return thread;
        }));
        http.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    FakeOpenPaiServer user(String name, String token) {
        usersByToken.put(token, name);
        return this;
    }

    FakeOpenPaiServer virtualCluster(String name) {
        virtualClusters.add(name);
        return this;
    }

    FakeOpenPaiServer storage(String name, Path directory, Path containerMountPoint) {
        storages.put(name, new Storage(directory, containerMountPoint));
        return this;
    }

    /** How long a job stays WAITING before its container starts. */
    FakeOpenPaiServer waitingTime(Duration time) {
        waitingTime = time;
        return this;
    }

    /** Every protocol body accepted so far, as sent. */
    List<String> submittedProtocols() {
        return List.copyOf(submittedProtocols);
    }

    /** How many job details were asked for. */
    int statusReads() {
        return statusReads.get();
    }

    /** Job names the cluster holds, as {@code user~job}. */
    Set<String> jobNames() {
        return Set.copyOf(jobs.keySet());
    }

    @Override
    public void close() {
        http.stop(0);
        scheduler.shutdownNow();
        jobs.values().forEach(FakeJob::kill);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            error(exchange, 500, "UnknownError", String.valueOf(e));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Matcher job = JOB_PATH.matcher(path);
        boolean known = (JOBS.equals(path) && "POST".equals(method))
                || (job.matches() && job.group(3) == null && "GET".equals(method))
                || (job.matches() && job.group(3) != null && "PUT".equals(method));
        if (!known) {
            error(exchange, 404, "NoApiError", method + " " + path + " is not part of the API");
            return;
        }
        String user = authenticatedUser(exchange);
        if (user == null) {
            error(exchange, 401, "UnauthorizedUserError", "Guest is not allowed to do this operation.");
            return;
        }
        if (JOBS.equals(path)) {
            submit(exchange, user);
        } else if (!job.group(1).equals(user)) {
            error(exchange, 403, "ForbiddenUserError", "User " + user + " is not allowed to do this operation.");
        } else if (job.group(3) == null) {
            get(exchange, job.group(1) + "~" + job.group(2));
        } else {
            executionType(exchange, job.group(1) + "~" + job.group(2));
        }
    }

    private String authenticatedUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        return usersByToken.get(header.substring("Bearer ".length()));
    }

    private void submit(HttpExchange exchange, String user) throws IOException {
        if (!contentType(exchange).equals("text/yaml")) {
            error(exchange, 400, "InvalidParametersError", "the job protocol must be sent as text/yaml");
            return;
        }
        String body = body(exchange);
        Object document;
        try {
            document = YAML.readValue(body, Object.class);
        } catch (IOException e) {
            error(exchange, 400, "InvalidParametersError", "the job protocol is not valid YAML: " + e.getMessage());
            return;
        }
        Optional<String> problem = FakeProtocolCheck.problem(document);
        if (problem.isPresent()) {
            error(exchange, 400, "InvalidParametersError", problem.get());
            return;
        }
        Map<?, ?> protocol = (Map<?, ?>) document;
        String virtualCluster = "default";
        if (protocol.get("defaults") instanceof Map<?, ?> defaults && defaults.get("virtualCluster") != null) {
            virtualCluster = String.valueOf(defaults.get("virtualCluster"));
        }
        if (!virtualClusters.contains(virtualCluster)) {
            error(exchange, 400, "NoVirtualClusterError", "Virtual cluster " + virtualCluster + " is not found.");
            return;
        }
        List<Storage> mounts = new ArrayList<>();
        if (protocol.get("extras") instanceof Map<?, ?> extras && extras.get("storages") instanceof List<?> named) {
            for (Object entry : named) {
                Object name = entry instanceof Map<?, ?> storage ? storage.get("name") : null;
                Storage storage = name == null ? null : storages.get(String.valueOf(name));
                if (storage == null) {
                    error(exchange, 400, "NoStorageError", "Storage " + name + " is not found.");
                    return;
                }
                mounts.add(storage);
            }
        }
        String name = String.valueOf(protocol.get("name"));
        Map.Entry<?, ?> role =
                ((Map<?, ?>) protocol.get("taskRoles")).entrySet().iterator().next();
        List<String> commands = ((List<?>) ((Map<?, ?>) role.getValue()).get("commands"))
                .stream().map(String::valueOf).toList();
        FakeJob created = new FakeJob(
                user, name, virtualCluster, String.valueOf(role.getKey()), commands, containers.resolve(name));
        if (jobs.putIfAbsent(user + "~" + name, created) != null) {
            error(exchange, 409, "ConflictJobError", "Job name " + name + " already exists.");
            return;
        }
        submittedProtocols.add(body);
        scheduler.schedule(
                () -> {
                    mount(mounts);
                    created.launch();
                },
                waitingTime.toMillis(),
                TimeUnit.MILLISECONDS);
        reply(exchange, 202, Map.of("message", "update job " + name + " successfully"));
    }

    private void get(HttpExchange exchange, String frameworkName) throws IOException {
        statusReads.incrementAndGet();
        FakeJob job = jobs.get(frameworkName);
        if (job == null) {
            error(exchange, 404, "NoJobError", "Job " + frameworkName + " is not found.");
            return;
        }
        reply(exchange, 200, job.detail());
    }

    private void executionType(HttpExchange exchange, String frameworkName) throws IOException {
        if (!contentType(exchange).equals("application/json")) {
            error(exchange, 400, "InvalidParametersError", "the execution type must be sent as application/json");
            return;
        }
        Object value;
        try {
            value = JSON.readValue(body(exchange), Map.class).get("value");
        } catch (IOException e) {
            error(exchange, 400, "InvalidParametersError", "the body is not valid JSON: " + e.getMessage());
            return;
        }
        if (!"STOP".equals(value)) {
            error(exchange, 400, "InvalidParametersError", "value must be STOP (this stand-in restarts no job)");
            return;
        }
        FakeJob job = jobs.get(frameworkName);
        if (job == null) {
            error(exchange, 404, "NoJobError", "Job " + frameworkName + " is not found.");
            return;
        }
        job.stop();
        reply(exchange, 202, Map.of("message", "execute job " + frameworkName + " successfully"));
    }

    private static void mount(List<Storage> mounts) {
        for (Storage storage : mounts) {
            try {
                if (!Files.exists(storage.containerMountPoint())) {
                    Files.createDirectories(storage.containerMountPoint().getParent());
                    Files.createSymbolicLink(storage.containerMountPoint(), storage.directory());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot mount " + storage, e);
            }
        }
    }

    private static String contentType(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Content-Type");
        return header == null ? "" : header.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        reply(exchange, status, Map.of("code", code, "message", message));
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
