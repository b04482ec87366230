package dev.sibyl.server.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.server.metric.InvalidMetricException;
import dev.sibyl.server.metric.MetricBatcher;
import dev.sibyl.server.metric.MetricBatcherClosedException;
import dev.sibyl.server.metric.MetricPayloads;
import dev.sibyl.server.metric.MetricQueueFullException;
import dev.sibyl.server.metric.ReportedMetric;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * NNI 3.0's HTTP trial channel ({@code nni/runtime/command_channel/http.py} is the client), so trials using
 * the real {@code nni} 3.x package and Sibyl's SDK both talk to it. A channel is
 * {@code /api/v1/trial-channel/{experimentId}/{trialId}/{token}}; the token is the trial's HMAC secret, so a
 * URL nobody handed out answers 404 like an unknown trial.
 *
 * <ul>
 *   <li>{@code PUT} {@code {"type":"request_parameter"}} → 200; the trial's ParameterRecord is queued for
 *   the next {@code GET}.
 *   <li>{@code GET} long poll: 200 {@code {"type":"parameter","parameter":"<record JSON text>"}} as soon as
 *   something is queued, 408 after one second without.
 *   <li>{@code PUT} {@code {"type":"metric","metric":"<record JSON text>"}} → 200 once the record is
 *   committed (group commit with other trials' metrics, see {@link MetricBatcher}).
 *   <li>{@code POST .../metrics} (Sibyl extension) with a JSON array of record texts → 200 once all are
 *   committed.
 * </ul>
 * A record naming another trial answers 400, an experiment that has ended 410, a full metric queue or a
 * server shutting down 503 (retriable).
 *
 * <p>Threading: the methods run on the event loop and never block it. Database work (the trial lookup) runs
 * on the worker pool; waiting (long poll, metric commit) holds no thread at all; the answer is written on
 * the request's own event loop.
 */
@Path(TrialChannelAddresses.PATH + "/{experimentId}/{trialId}/{token}")
public class TrialChannelResource {
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    /** Records accepted by one POST of the metrics extension. */
    static final int MAX_RECORDS_PER_REQUEST = 1000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @Inject
    TrialTokens tokens;

    @Inject
    ChannelDirectory directory;

    @Inject
    ChannelMailboxes mailboxes;

    @Inject
    MetricBatcher batcher;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Trial to server command (NNI HTTP trial channel)")
    public Uni<Response> command(
            @PathParam("experimentId") String experimentId,
            @PathParam("trialId") String trialId,
            @PathParam("token") String token,
            String body) {
        Context context = Vertx.currentContext();
        return onContext(
                authorize(experimentId, trialId, token).chain(() -> {
                    JsonNode command = parse(body);
                    String type = command.path("type").asText("");
                    switch (type) {
                        case "request_parameter":
                            return lookup(experimentId, trialId).map(trial -> {
                                String channel = channel(experimentId, trialId);
                                // The first poll of a channel answers with the parameter itself; queue only a
                                // repeated request (or wake a poll already waiting after the first delivery).
                                if (mailboxes.parameterDelivered(channel)) {
                                    mailboxes.send(channel, parameterCommand(trial.parameterRecord()));
                                }
                                return Response.ok().build();
                            });
                        case "metric":
                            JsonNode metric = command.get("metric");
                            if (metric == null || !metric.isTextual()) {
                                throw invalid("metric", "must be the metric record as a JSON string");
                            }
                            return store(experimentId, trialId, List.of(metric.textValue()), false);
                        default:
                            throw invalid(
                                    "type", "unknown command '" + type + "'; expected request_parameter or metric");
                    }
                }),
                context);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server to trial command, long poll (NNI HTTP trial channel)")
    public Uni<Response> poll(
            @PathParam("experimentId") String experimentId,
            @PathParam("trialId") String trialId,
            @PathParam("token") String token) {
        Context context = Vertx.currentContext();
        Uni<Response> answer = authorize(experimentId, trialId, token)
                .chain(() -> lookup(experimentId, trialId))
                .chain(trial -> {
                    String channel = channel(experimentId, trialId);
                    if (mailboxes.claimFirstParameterDelivery(channel)) {
                        return Uni.createFrom().item(Optional.of(parameterCommand(trial.parameterRecord())));
                    }
                    return Uni.createFrom().completionStage(mailboxes.receive(channel, POLL_TIMEOUT));
                })
                .map(command -> command.map(c -> Response.ok(c, MediaType.APPLICATION_JSON_TYPE))
                        .orElseGet(() -> Response.status(Response.Status.REQUEST_TIMEOUT))
                        .build());
        return onContext(answer, context);
    }

    @POST
    @Path("metrics")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Report several metric records at once (Sibyl extension of the trial channel)")
    public Uni<Response> metrics(
            @PathParam("experimentId") String experimentId,
            @PathParam("trialId") String trialId,
            @PathParam("token") String token,
            String body) {
        Context context = Vertx.currentContext();
        return onContext(
                authorize(experimentId, trialId, token).chain(() -> {
                    JsonNode records = parse(body);
                    if (!records.isArray()) {
                        throw invalid("body", "must be a JSON array of metric records (JSON strings)");
                    }
                    if (records.size() > MAX_RECORDS_PER_REQUEST) {
                        throw invalid(
                                "body", "holds " + records.size() + " records; at most " + MAX_RECORDS_PER_REQUEST);
                    }
                    List<String> payloads = new ArrayList<>(records.size());
                    records.forEach(r -> payloads.add(r.isTextual() ? r.textValue() : r.toString()));
                    return store(experimentId, trialId, payloads, true);
                }),
                context);
    }

    /** @param batch records of the POST extension (fields named {@code [i]}) rather than one PUT (field {@code metric}) */
    private Uni<Response> store(String experimentId, String trialId, List<String> payloads, boolean batch) {
        List<ReportedMetric> metrics = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            String field = batch ? "[" + i + "]" : "metric";
            ReportedMetric metric;
            try {
                metric = MetricPayloads.parse(payloads.get(i));
            } catch (InvalidMetricException e) {
                throw invalid(field, e.getMessage());
            }
            if (!metric.trialId().equals(trialId)) {
                throw invalid(
                        field + ".trial_job_id",
                        "is '" + metric.trialId() + "' but this is the channel of trial '" + trialId + "'");
            }
            metrics.add(metric);
        }
        Supplier<CompletionStage<MetricBatcher.Outcome>> submit = () -> {
            try {
                return batcher.submit(experimentId, trialId, metrics);
            } catch (MetricQueueFullException | MetricBatcherClosedException e) {
                throw unavailable(e.getMessage());
            }
        };
        return Uni.createFrom().completionStage(submit).map(outcome -> {
            switch (outcome) {
                case STORED:
                    return Response.ok().build();
                case UNKNOWN_TRIAL:
                    throw unknownTrial();
                default:
                    throw finished(experimentId);
            }
        });
    }

    private Uni<Void> authorize(String experimentId, String trialId, String token) {
        if (tokens.ready()) {
            return tokens.matches(experimentId, trialId, token)
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(unknownTrial());
        }
        // Only before the key is loaded: reading it is blocking.
        return Uni.createFrom()
                .item(() -> tokens.matches(experimentId, trialId, token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(ok -> ok ? Uni.createFrom().voidItem() : Uni.createFrom().failure(unknownTrial()));
    }

    private Uni<ChannelTrial> lookup(String experimentId, String trialId) {
        return Uni.createFrom()
                .item(() -> directory.find(experimentId, trialId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> {
                    ChannelTrial trial = found.orElseThrow(TrialChannelResource::unknownTrial);
                    if (trial.experimentFinished()) {
                        throw finished(experimentId);
                    }
                    return trial;
                });
    }

    /** Answers on the request's event loop rather than on the thread that completed the work. */
    private static <T> Uni<T> onContext(Uni<T> uni, Context context) {
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static String parameterCommand(String parameterRecord) {
        ObjectNode command = JSON.createObjectNode();
        command.put("type", "parameter");
        command.put("parameter", parameterRecord);
        return command.toString();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("body", "is empty; expected a JSON command");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null) {
                throw invalid("body", "is empty; expected a JSON command");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String channel(String experimentId, String trialId) {
        return experimentId + "/" + trialId;
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.field(ProblemType.INVALID_REQUEST, field, message);
    }

    private static ProblemException unknownTrial() {
        return ProblemException.notFound("no such trial channel; check NNI_TRIAL_COMMAND_CHANNEL");
    }

    private static ProblemException finished(String experimentId) {
        return new ProblemException(
                ProblemType.GONE, "experiment " + experimentId + " has ended; the trial channel is closed");
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(
                ProblemType.SERVICE_UNAVAILABLE, detail, List.<FieldError>of(), Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
}
