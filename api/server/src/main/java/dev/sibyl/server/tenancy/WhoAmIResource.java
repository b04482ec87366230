package dev.sibyl.server.tenancy;

import dev.sibyl.tenant.Caller;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who the caller is in a tenant: what the CLI and the portal show, and the cheapest authenticated call. */
@Path("/api/v1/tenants/{tenant}/whoami")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {
    @Inject
    TenantContext tenant;

    public record WhoAmI(String tenant, String role, List<String> scopes, String actor, boolean platformAdmin) {}

    @GET
    @Operation(summary = "The caller's role, scopes and identity in this tenant")
    public WhoAmI get() {
        Caller c = tenant.caller();
        return new WhoAmI(
                tenant.slug(),
                c.role().stored(),
                c.scopes().stream().sorted().map(Scope::wire).toList(),
                c.actor(),
                c.platformAdmin());
    }
}
