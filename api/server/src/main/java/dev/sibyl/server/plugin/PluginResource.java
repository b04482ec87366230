package dev.sibyl.server.plugin;

import dev.sibyl.tenant.RequestActor;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** A tenant's plugin JARs (docs/api.md, "Plugins"). */
@Path("/api/v1/tenants/{tenant}/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {
    @Inject
    PluginService plugins;

    @Inject
    TenantContext tenant;

    @Inject
    RequestActor actor;

    public record PluginView(
            long id,
            String name,
            String version,
            String kind,
            String factory,
            String sha256,
            long sizeBytes,
            int classCount,
            Instant createdAt,
            String createdBy) {
        static PluginView of(PluginEntity p) {
            return new PluginView(
                    p.id,
                    p.name,
                    p.version,
                    p.kind,
                    p.factory,
                    p.sha256,
                    p.sizeBytes,
                    p.classCount,
                    p.createdAt,
                    p.createdBy);
        }
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequiresScope(Scope.PLUGINS_WRITE)
    @Operation(summary = "Upload a plugin JAR; it is verified before anything of it is stored or run")
    public Response upload(
            @RestForm("jar") FileUpload jar,
            @RestForm("kind") String kind,
            @RestForm("name") String name,
            @RestForm("version") String version,
            @Context UriInfo uri) {
        PluginEntity p = plugins.upload(
                tenant.tenantId(), actor.actor(), kind, name, version, jar == null ? null : jar.uploadedFile());
        return Response.created(
                        uri.getAbsolutePathBuilder().path(Long.toString(p.id)).build())
                .entity(PluginView.of(p))
                .build();
    }

    @GET
    @Operation(summary = "The tenant's plugins")
    public List<PluginView> list() {
        return plugins.list(tenant.tenantId()).stream().map(PluginView::of).toList();
    }

    @GET
    @Path("{pluginId}")
    @Operation(summary = "One plugin")
    public PluginView get(@PathParam("pluginId") long pluginId) {
        return PluginView.of(plugins.get(tenant.tenantId(), pluginId));
    }

    @GET
    @Path("{pluginId}/jar")
    @Produces("application/java-archive")
    @Operation(summary = "Download the plugin's JAR")
    public Response download(@PathParam("pluginId") long pluginId) {
        PluginEntity p = plugins.get(tenant.tenantId(), pluginId);
        return Response.ok(plugins.file(p).toFile())
                .header("Content-Disposition", "attachment; filename=\"" + p.name + "-" + p.version + ".jar\"")
                .build();
    }
}
