package dev.sibyl.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** A small REST client of the documented API (docs/api.md), for system tests and benchmarks. */
public final class SibylClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    public SibylClient(URI serverUri, String token) {
        this.base = serverUri.resolve("/api/v1/tenants/default/");
        this.token = token;
    }

    /** Creates an experiment from a config file text and a code directory (packed as tar.gz). */
    public JsonNode createExperiment(String config, Path codeDirectory) throws IOException, InterruptedException {
        String boundary = "sibyl" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "config", "config.yml", "application/yaml", config.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "code", "code.tar.gz", "application/gzip", CodeArchive.tarGz(codeDirectory));
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = authorized(base.resolve("experiments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return send(request, 201);
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(authorized(base.resolve(path)).GET().build(), 200);
    }

    public JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(
                authorized(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                200);
    }

    /** Polls the experiment until its status is one of {@code statuses}. */
    public JsonNode awaitStatus(String experimentId, Set<String> statuses, Duration timeout)
            throws IOException, InterruptedException {
        return await(experimentId, e -> statuses.contains(e.path("status").asText()), timeout);
    }

    public JsonNode await(String experimentId, Predicate<JsonNode> condition, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get("experiments/" + experimentId);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("condition not met in " + timeout + "; last: " + last);
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void part(
            ByteArrayOutputStream out, String boundary, String name, String file, String type, byte[] data)
            throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + file
                        + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
