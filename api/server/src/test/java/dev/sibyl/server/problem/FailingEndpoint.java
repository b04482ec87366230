package dev.sibyl.server.problem;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Test-only endpoint that fails the way a bug would, with internals in its message. */
@Path("/api/v1/test-only/failure")
public class FailingEndpoint {
    @GET
    public String fail() {
        throw new IllegalStateException("dev.sibyl.server.Secret failed at jdbc:postgresql://db/prod password=hunter2");
    }
}
