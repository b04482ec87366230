package dev.sibyl.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.driver.PostgresExperimentStore.ImportedResult;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.server.trial.TenantExperiments;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code nnictl experiment export} and {@code nnictl experiment import} over REST. */
@Path("/api/v1/tenants/{tenant}/experiments/{experimentId}")
public class ExportResource {
    static final String CSV = "text/csv";

    @Inject
    TenantExperiments experiments;

    @Inject
    ExportData exportData;

    @Inject
    DriverSupervisor supervisor;

    @GET
    @Path("export")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Trials with a final result, in nnictl experiment export's JSON or CSV shape")
    public Response export(
            @PathParam("experimentId") String experimentId,
            @QueryParam("format") @DefaultValue("json") String format,
            @QueryParam("intermediate") @DefaultValue("false") boolean intermediate) {
        experiments.require(experimentId);
        List<ExportedTrial> trials = exportData.trials(experimentId, intermediate);
        switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "json":
                return Response.ok(
                                NniExportFormat.json(trials, intermediate).toString(), MediaType.APPLICATION_JSON_TYPE)
                        .build();
            case "csv":
                return Response.ok(NniExportFormat.csv(trials, intermediate), CSV + "; charset=UTF-8")
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + experimentId + ".csv\"")
                        .build();
            default:
                throw ProblemException.field(
                        ProblemType.INVALID_REQUEST, "format", "unknown format '" + format + "'; expected json or csv");
        }
    }

    @POST
    @Path("import-data")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import results obtained elsewhere: [{\"parameter\": {...}, \"value\": <metric>}]")
    public Map<String, Integer> importData(@PathParam("experimentId") String experimentId, JsonNode body) {
        ExperimentEntity experiment = experiments.require(experimentId);
        List<ImportedResult> results = ImportDataCheck.validate(body, experiment);
        int imported = supervisor.store(experimentId).importResults(results);
        if (imported > 0) {
            supervisor.wake(experimentId);
        }
        return Map.of("imported", imported);
    }
}
