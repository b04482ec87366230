package dev.sibyl.server.tenancy;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The server's version, without authentication: what clients check before anything else. */
@Path("/api/v1/version")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    public record Version(String version, String api) {}

    @GET
    @Operation(summary = "Server version and API version (no authentication)")
    public Version get() {
        return new Version(version, "v1");
    }
}
