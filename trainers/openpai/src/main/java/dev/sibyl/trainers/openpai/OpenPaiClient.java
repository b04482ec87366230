package dev.sibyl.trainers.openpai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.trainers.core.TrainerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The part of OpenPAI's REST API v2 trials need: submit a job protocol, read a job's status, stop a job. Every
 * call carries the user's bearer token. Failures are classified once, here: 401 and 403 are {@link
 * TrainerException.Kind#AUTH}, other 4xx {@link TrainerException.Kind#REJECTED} with the server's message, 5xx,
 * 429 and I/O errors {@link TrainerException.Kind#RETRIABLE}.
 *
 * <p>Thread-safe.
 */
final class OpenPaiClient {
    /** What became of a submitted job protocol. */
    enum Submission {
        CREATED,
        /** A job of that name exists already (409), for example from an earlier attempt of the same submit. */
        ALREADY_EXISTS
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenPaiSettings settings;
    private final HttpClient http;
    private final URI jobs;

    OpenPaiClient(OpenPaiSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        String base = settings.host().toString();
        this.jobs = URI.create((base.endsWith("/") ? base : base + "/") + "rest-server/api/v2/jobs");
    }

    /** {@code POST /rest-server/api/v2/jobs} with the protocol as {@code text/yaml}; 202 on success. */
    Submission submit(String jobName, String protocolYaml) {
        HttpRequest request = request(jobs)
                .header("Content-Type", "text/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(protocolYaml, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(request, "submitting job " + jobName);
        if (response.statusCode() == 409) {
            return Submission.ALREADY_EXISTS;
        }
        requireSuccess(response, "submitting job " + jobName);
        return Submission.CREATED;
    }

    /** {@code GET /rest-server/api/v2/jobs/{user}~{job}}; empty when OpenPAI has no such job (404). */
    Optional<JobStatus> job(String jobName) {
        HttpRequest request = request(job(jobName, "")).GET().build();
        HttpResponse<String> response = send(request, "reading job " + jobName);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireSuccess(response, "reading job " + jobName);
        try {
            return Optional.of(JobStatus.fromDetail(JSON.readTree(response.body())));
        } catch (IOException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE,
                    "OpenPAI answered the status of job " + jobName + " with unreadable JSON: " + e.getMessage(),
                    e);
        }
    }

    /** {@code PUT .../executionType {"value":"STOP"}}; false when OpenPAI has no such job (404). */
    boolean stop(String jobName) {
        HttpRequest request = request(job(jobName, "/executionType"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"STOP\"}"))
                .build();
        HttpResponse<String> response = send(request, "stopping job " + jobName);
        if (response.statusCode() == 404) {
            return false;
        }
        requireSuccess(response, "stopping job " + jobName);
        return true;
    }

    private URI job(String jobName, String suffix) {
        // Both names are restricted to URL-safe characters (settings and job name patterns).
        return URI.create(jobs + "/" + settings.username() + "~" + jobName + suffix);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.token())
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request, String action) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE,
                    "cannot reach OpenPAI at " + settings.host() + " while " + action + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "interrupted while " + action + " on OpenPAI", e);
        }
    }

    private void requireSuccess(HttpResponse<String> response, String action) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = "HTTP " + status + serverMessage(response.body());
        if (status == 401 || status == 403) {
            throw new TrainerException(
                    TrainerException.Kind.AUTH,
                    "OpenPAI at " + settings.host() + " refused the token of user '" + settings.username() + "' while "
                            + action + " (" + answer + ")");
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "OpenPAI rejected " + action + " (" + answer + ")");
        }
        throw new TrainerException(
                TrainerException.Kind.RETRIABLE, "OpenPAI failed while " + action + " (" + answer + ")");
    }

    /** ": <code>: <message>" from OpenPAI's error body {code, message}, or the start of a body of another shape. */
    private static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body);
            if (error.path("message").isTextual()) {
                String code = error.path("code").asText("");
                return ": " + (code.isEmpty() ? "" : code + ": ")
                        + error.path("message").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        String text = body.strip();
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
}
