package dev.sibyl.server.tenancy;

import dev.sibyl.tenant.Quota;
import dev.sibyl.tenant.Quotas;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's own view of its quota (platform admins change it under {@code /api/v1/admin/tenants}). */
@Path("/api/v1/tenants/{tenant}/quota")
@Produces(MediaType.APPLICATION_JSON)
public class TenantQuotaResource {
    @Inject
    TenantContext tenant;

    @Inject
    Quotas quotas;

    @GET
    @Operation(summary = "The tenant's quota and fair-share weight")
    public Quota get() {
        return quotas.of(tenant.tenantId());
    }
}
