package dev.sibyl.server.audit;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's audit trail, for its admins: paged and filtered, and a check of its hash chain. */
@Path("/api/v1/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class AuditResource {
    static final int MAX_PAGE_SIZE = 500;

    @Inject
    AuditLog log;

    @Inject
    TenantContext tenant;

    @GET
    @Operation(summary = "Audit events, newest first, filtered by action, actor and time [from, to)")
    public AuditLog.Page list(
            @QueryParam("action") String action,
            @QueryParam("actor") String actor,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return log.find(
                tenant.tenantId(),
                new AuditLog.Query(action, actor, instant("from", from), instant("to", to), page, size));
    }

    @GET
    @Path("verify")
    @Operation(summary = "Recompute the tenant's hash chain and name the first event where it breaks")
    public AuditLog.Verification verify() {
        return log.verify(tenant.tenantId());
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST, field, "must be an ISO-8601 instant such as 2026-12-04T10:00:00Z");
        }
    }
}
