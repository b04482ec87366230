package dev.sibyl.server.trial;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.experiment.ExperimentStore;
import dev.sibyl.scheduler.experiment.ParameterSource;
import dev.sibyl.scheduler.experiment.TrialRecord;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Trials of one experiment (docs/api.md, "Trials"): list, get, kill, NNI's customized trials, re-running the
 * failed ones, and the trial logs the local training service keeps in the trial directory.
 */
@Path("/api/v1/tenants/{tenant}/experiments/{experimentId}/trials")
@Produces(MediaType.APPLICATION_JSON)
public class TrialResource {
    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {};

    @Inject
    TenantExperiments experiments;

    @Inject
    TrialViews views;

    @Inject
    DriverSupervisor supervisor;

    @Inject
    TrialLogs logs;

    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "List the experiment's trials by sequence id, optionally only those in one status")
    public List<TrialView> list(@PathParam("experimentId") String experimentId, @QueryParam("status") String status) {
        experiments.require(experimentId);
        return views.list(experimentId, Optional.ofNullable(status).map(TrialResource::status));
    }

    @GET
    @Path("{trialId}")
    @Operation(summary = "One trial")
    public TrialView get(@PathParam("experimentId") String experimentId, @PathParam("trialId") String trialId) {
        experiments.require(experimentId);
        return views.get(experimentId, trialId).orElseThrow(() -> trialNotFound(trialId));
    }

    @POST
    @Path("{trialId}/kill")
    @Operation(summary = "Stop a waiting or running trial; it ends USER_CANCELED")
    public TrialView kill(@PathParam("experimentId") String experimentId, @PathParam("trialId") String trialId) {
        experiments.require(experimentId);
        TrialEntity trial = TrialViews.find(experimentId, trialId).orElseThrow(() -> trialNotFound(trialId));
        TrialStatus status = TrialStatus.valueOf(trial.status);
        if ((status == TrialStatus.WAITING || status == TrialStatus.RUNNING) && trial.cancelAs == null) {
            supervisor.store(experimentId).requestCancel(trialId, TrialStatus.USER_CANCELED);
            supervisor.wake(experimentId);
        }
        return views.get(experimentId, trialId).orElseThrow(() -> trialNotFound(trialId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Add a customized trial (NNI: parameters chosen by hand, parameter id null)")
    public Response create(@PathParam("experimentId") String experimentId, JsonNode body, @Context UriInfo uri) {
        Map<String, Object> parameters = parameters(body);
        ExperimentEntity experiment = experiments.requireLocked(experimentId);
        requireAcceptsTrials(experiment);
        List<FieldError> errors = ParameterCheck.problems(experiment, parameters, "parameters");
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")),
                    errors);
        }
        requireBudget(experiment, 1);
        TrialRecord created = supervisor.store(experimentId).createTrial(parameters, ParameterSource.CUSTOMIZED);
        supervisor.wake(experimentId);
        TrialView view = views.get(experimentId, created.trialId()).orElseThrow();
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.trialId()).build())
                .entity(view)
                .build();
    }

    @POST
    @Path("rerun-failed")
    @Transactional
    @Operation(summary = "Add one customized trial per FAILED trial, with the same parameters")
    public Response rerunFailed(@PathParam("experimentId") String experimentId) {
        ExperimentEntity experiment = experiments.requireLocked(experimentId);
        requireAcceptsTrials(experiment);
        List<TrialEntity> failed = TrialEntity.list(
                "experimentId = ?1 and status = ?2 order by sequenceId", experimentId, TrialStatus.FAILED.name());
        requireBudget(experiment, failed.size());
        ExperimentStore store = supervisor.store(experimentId);
        List<String> created = new ArrayList<>();
        for (TrialEntity trial : failed) {
            Map<String, Object> parameters = trial.parameters;
            created.add(
                    store.createTrial(parameters, ParameterSource.CUSTOMIZED).trialId());
        }
        if (!created.isEmpty()) {
            supervisor.wake(experimentId);
        }
        List<TrialView> result = created.stream()
                .map(id -> views.get(experimentId, id).orElseThrow())
                .toList();
        return Response.status(Response.Status.CREATED).entity(result).build();
    }

    @GET
    @Path("{trialId}/logs/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A trial log: stdout, stderr or trial.log (the SDK's log)")
    public Response log(
            @PathParam("experimentId") String experimentId,
            @PathParam("trialId") String trialId,
            @PathParam("name") String name) {
        experiments.require(experimentId);
        TrialEntity trial = TrialViews.find(experimentId, trialId).orElseThrow(() -> trialNotFound(trialId));
        return Response.ok(logs.require(trial, name).toFile(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .build();
    }

    /** The {@code parameters} object of a customized-trial body, as plain Java values. */
    private Map<String, Object> parameters(JsonNode body) {
        JsonNode parameters = body == null || !body.isObject() ? null : body.get("parameters");
        if (parameters == null || parameters.isNull()) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST, "parameters", "is not set; expected an object of parameter values");
        }
        if (!parameters.isObject()) {
            throw ProblemException.field(
                    ProblemType.MALFORMED_BODY, "parameters", "must be an object of parameter values");
        }
        return json.convertValue(parameters, PARAMETERS);
    }

    private static void requireAcceptsTrials(ExperimentEntity experiment) {
        ExperimentStatus status = ExperimentStatus.valueOf(experiment.status);
        if (!status.active() || status == ExperimentStatus.STOPPING) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "experiment " + experiment.id + " is " + status + "; resume it before adding trials");
        }
    }

    /** maxTrialNumber counts every trial, whatever its source, as the driver does. */
    private static void requireBudget(ExperimentEntity experiment, int adding) {
        if (experiment.maxTrialNumber == null || adding == 0) {
            return;
        }
        long existing = TrialEntity.count("experimentId", experiment.id);
        if (existing + adding > experiment.maxTrialNumber) {
            throw new ProblemException(
                    ProblemType.BUDGET_EXHAUSTED,
                    "experiment " + experiment.id + " has " + existing + " of maxTrialNumber "
                            + experiment.maxTrialNumber + " trials; " + adding + " more would exceed it");
        }
    }

    private static TrialStatus status(String text) {
        try {
            return TrialStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST,
                    "status",
                    "unknown trial status '" + text + "'; expected one of "
                            + Arrays.stream(TrialStatus.values())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", ")));
        }
    }

    private static ProblemException trialNotFound(String trialId) {
        return ProblemException.notFound("there is no trial '" + trialId + "' in this experiment");
    }
}
