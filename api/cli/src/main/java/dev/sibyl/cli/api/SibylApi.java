package dev.sibyl.cli.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sibyl.cli.connection.ConnectionSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Sibyl REST API (docs/api.md) as seen by the command line: one method per route it uses. Every
 * call carries {@code Authorization: Bearer <token>} when a token is configured.
 *
 * <p>Errors: an error status becomes {@link ApiProblemException} holding the problem's detail and
 * field errors; no answer at all becomes {@link ServerUnreachableException}. Thread-safe.
 */
public final class SibylApi {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    private final ConnectionSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public SibylApi(ConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The server this client talks to. */
    public URI server() {
        return settings.baseUrl();
    }

    /** {@code POST /experiments} (multipart config, code, searchSpace): the created experiment. */
    public JsonNode createExperiment(MultipartBody body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body.publisher();
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        return sendJson(request("/experiments", TRANSFER_TIMEOUT)
                .header("Content-Type", body.contentType())
                .POST(publisher));
    }

    /** {@code GET /experiments}: every experiment of the tenant, newest first. */
    public JsonNode listExperiments() {
        return sendJson(request("/experiments", CALL_TIMEOUT).GET());
    }

    /** {@code GET /experiments/{id}}. */
    public JsonNode experiment(String id) {
        return sendJson(request(experimentPath(id), CALL_TIMEOUT).GET());
    }

    /** {@code PATCH /experiments/{id}} with the given fields. */
    public JsonNode updateExperiment(String id, JsonNode changes) {
        return sendJson(request(experimentPath(id), CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .method("PATCH", jsonBody(changes)));
    }

    /** {@code POST /experiments/{id}/stop}. */
    public JsonNode stopExperiment(String id) {
        return sendJson(request(experimentPath(id) + "/stop", CALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST /experiments/{id}/resume}. */
    public JsonNode resumeExperiment(String id) {
        return sendJson(
                request(experimentPath(id) + "/resume", CALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * {@code GET /experiments/{id}/export?format=...}, written to {@code target} only when the
     * server answers with success.
     *
     * @return the number of bytes written
     */
    public long exportTrials(String id, String format, boolean intermediate, Path target) {
        String query = "?format=" + segment(format) + (intermediate ? "&intermediate=true" : "");
        HttpResponse<InputStream> response = send(
                request(experimentPath(id) + "/export" + query, TRANSFER_TIMEOUT)
                        .GET(),
                ofStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw problem(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            // Written beside the target and moved at the end, so a broken transfer leaves no half file.
            Path absolute = target.toAbsolutePath();
            Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
            try {
                long bytes = Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
                return bytes;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /experiments/{id}/import-data}: the server's {@code {"imported": n}}. */
    public JsonNode importData(String id, JsonNode records) {
        return sendJson(request(experimentPath(id) + "/import-data", CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(jsonBody(records)));
    }

    /** {@code GET /experiments/{id}/trials}: the trials by sequence id. */
    public JsonNode trials(String id) {
        return sendJson(request(experimentPath(id) + "/trials", CALL_TIMEOUT).GET());
    }

    /** {@code POST /experiments/{id}/trials/{trialId}/kill}: the trial. */
    public JsonNode killTrial(String id, String trialId) {
        return sendJson(request(experimentPath(id) + "/trials/" + segment(trialId) + "/kill", CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /experiments/{id}/trials/{trialId}/logs/{name}}: the log text. */
    public String trialLog(String id, String trialId, String name) {
        HttpResponse<InputStream> response = send(
                request(experimentPath(id) + "/trials/" + segment(trialId) + "/logs/" + segment(name), TRANSFER_TIMEOUT)
                        .header("Accept", "text/plain, application/problem+json")
                        .GET(),
                ofStream());
        String body = readText(response);
        if (response.statusCode() / 100 != 2) {
            throw problem(response.statusCode(), body);
        }
        return body;
    }

    private HttpRequest.Builder request(String tenantPath, Duration timeout) {
        URI uri = URI.create(settings.baseUrl() + "/api/v1/tenants/" + segment(settings.tenant()) + tenantPath);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "sibyl-cli");
        settings.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    private static String experimentPath(String id) {
        return "/experiments/" + segment(id);
    }

    private HttpRequest.BodyPublisher jsonBody(JsonNode node) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(node));
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private JsonNode sendJson(HttpRequest.Builder request) {
        HttpResponse<InputStream> response = send(request, ofStream());
        String body = readText(response);
        if (response.statusCode() / 100 != 2) {
            throw problem(response.statusCode(), body);
        }
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiProblemException(
                    response.statusCode(),
                    "The server answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                            + abbreviate(body),
                    Optional.empty(),
                    List.of());
        }
    }

    private static HttpResponse.BodyHandler<InputStream> ofStream() {
        return HttpResponse.BodyHandlers.ofInputStream();
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (HttpConnectTimeoutException e) {
            throw new ServerUnreachableException(settings.baseUrl(), "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new ServerUnreachableException(settings.baseUrl(), "no answer in time", e);
        } catch (ConnectException e) {
            throw new ServerUnreachableException(settings.baseUrl(), "connection refused", e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(settings.baseUrl(), "interrupted", e);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "connection failed" : e.getMessage();
            throw new ServerUnreachableException(settings.baseUrl(), reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(settings.baseUrl(), "interrupted", e);
        }
    }

    private static String readText(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns an error answer into an exception, reading RFC 9457 fields when the body is a problem. */
    private ApiProblemException problem(int status, String body) {
        JsonNode node = null;
        if (body.stripLeading().startsWith("{")) {
            try {
                node = json.readTree(body);
            } catch (JacksonException notJson) {
                node = null;
            }
        }
        if (node == null || !node.isObject()) {
            String detail = body.isBlank()
                    ? "The server answered HTTP " + status
                    : "The server answered HTTP " + status + ": " + abbreviate(body);
            return new ApiProblemException(status, detail, Optional.empty(), List.of());
        }
        String detail =
                firstText(node, "detail", "title", "message", "error").orElse("The server answered HTTP " + status);
        List<FieldError> errors = new ArrayList<>();
        JsonNode list = node.path("errors");
        if (list.isArray()) {
            for (JsonNode error : list) {
                String field = error.path("field").asText("");
                String message = error.path("message").asText("");
                if (!field.isEmpty() || !message.isEmpty()) {
                    errors.add(new FieldError(field, message));
                }
            }
        }
        return new ApiProblemException(status, detail, firstText(node, "code"), errors);
    }

    private static Optional<String> firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null
                    && value.isValueNode()
                    && !value.isNull()
                    && !value.asText().isBlank()) {
                return Optional.of(value.asText());
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are). */
    static String segment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
