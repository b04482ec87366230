package dev.sibyl.server.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A trial's side of NNI 3.0's HTTP trial channel, as {@code nni/runtime/command_channel/http.py} speaks it:
 * JSON commands PUT to the channel URL, long-poll GETs for the answers.
 */
public final class TrialChannelClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String url;

    public TrialChannelClient(String url) {
        this.url = url;
    }

    public HttpResponse<String> requestParameter() {
        return put("{\"type\": \"request_parameter\"}");
    }

    public HttpResponse<String> poll() {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** A metric exactly as NNI's trial SDK encodes it: the value JSON-encoded inside the encoded record. */
    public HttpResponse<String> metric(
            String trialJobId, Long parameterId, String type, int sequence, String valueJson) {
        return put(metricCommand(record(trialJobId, parameterId, type, sequence, valueJson)));
    }

    /** Sibyl's extension: several records in one POST. */
    public HttpResponse<String> metrics(List<String> records) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(records))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> put(String body) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The record NNI's SDK builds ({@code nni.dump}: Python-json separators), the value as JSON text. */
    public static String record(String trialJobId, Long parameterId, String type, int sequence, String valueJson) {
        try {
            return "{\"parameter_id\": " + parameterId + ", \"trial_job_id\": " + JSON.writeValueAsString(trialJobId)
                    + ", \"type\": \"" + type + "\", \"sequence\": " + sequence + ", \"value\": "
                    + JSON.writeValueAsString(valueJson) + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String metricCommand(String record) {
        ObjectNode command = JSON.createObjectNode();
        command.put("type", "metric");
        command.put("metric", record);
        return command.toString();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
