package dev.sibyl.server.experiment;

import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Experiments of a tenant (docs/api.md, "Experiments"); the work is done by {@link ExperimentService}. */
@Path("/api/v1/tenants/{tenant}/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    @Inject
    ExperimentService experiments;

    @Inject
    TenantContext tenant;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Create and start an experiment from an NNI config, a code archive and a search space")
    public Response create(
            @RestForm("config") String config,
            @RestForm("code") FileUpload code,
            @RestForm("searchSpace") String searchSpace,
            @Context UriInfo uri) {
        CreatedExperiment created =
                experiments.create(tenant.tenantId(), config, code == null ? null : code.uploadedFile(), searchSpace);
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(created.experiment().id())
                        .build())
                .entity(created)
                .build();
    }

    @GET
    @Operation(summary = "The tenant's experiments, newest first")
    public List<ExperimentView> list() {
        return experiments.list(tenant.tenantId());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One experiment")
    public ExperimentView get(@PathParam("id") String id) {
        return experiments.get(tenant.tenantId(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change trialConcurrency, maxTrialNumber, maxExperimentDuration, maxTrialDuration or searchSpace")
    public ExperimentView update(@PathParam("id") String id, String body) {
        return experiments.update(tenant.tenantId(), id, body);
    }

    @POST
    @Path("{id}/stop")
    @Operation(summary = "Stop the experiment; waiting and running trials end USER_CANCELED")
    public ExperimentView stop(@PathParam("id") String id) {
        return experiments.stop(tenant.tenantId(), id);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Run a stopped or finished experiment again while budget remains (409 otherwise)")
    public ExperimentView resume(@PathParam("id") String id) {
        return experiments.resume(tenant.tenantId(), id);
    }
}
