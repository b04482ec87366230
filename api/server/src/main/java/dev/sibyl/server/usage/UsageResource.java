package dev.sibyl.server.usage;

import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's allocated GPU-seconds and trial-seconds (docs/api.md, Usage). */
@Path("/api/v1/tenants/{tenant}/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    @Inject
    TenantContext tenant;

    @Inject
    UsageLedger ledger;

    @Inject
    InstantSource clock;

    @GET
    @Operation(summary = "GPU-seconds and trial-seconds allocated to the tenant's trials in a window, live")
    public UsageReport usage(
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy) {
        Instant now = clock.instant();
        UsageQuery query = UsageQuery.parse(from, to, groupBy, now);
        List<UsageReport.Row> rows = ledger.rows(tenant.tenantId(), query, now);
        List<String> dimensions =
                query.groupBy().stream().map(UsageQuery.Dimension::apiName).toList();
        return new UsageReport(tenant.slug(), query.from(), query.to(), dimensions, rows, UsageReport.Totals.of(rows));
    }
}
