package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Invitations;
import dev.sibyl.tenant.Quota;
import dev.sibyl.tenant.Quotas;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Tenant;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Platform administration: tenants and their quotas (guarded by {@code PlatformAdminFilter}). */
@Path("/api/v1/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class AdminTenantResource {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    @Inject
    Quotas quotas;

    @Inject
    InstantSource clock;

    @Inject
    Invitations invitations;

    public record NewTenant(String slug, String name) {}

    public record TenantChange(String name, String status) {}

    public record TenantView(long id, String slug, String name, String status, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id, t.slug, t.name, t.status, t.createdAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create a tenant")
    public Response create(NewTenant body) {
        if (body == null || body.slug() == null || !SLUG.matcher(body.slug()).matches()) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST,
                    "slug",
                    "is required: 1 to 63 of a-z, 0-9 and '-', starting and ending with a letter or digit");
        }
        if (body.name() == null || body.name().isBlank()) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "name", "is required");
        }
        if (Tenant.findBySlug(body.slug()).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "tenant '" + body.slug() + "' already exists");
        }
        Tenant tenant = new Tenant();
        tenant.slug = body.slug();
        tenant.name = body.name().strip();
        tenant.createdAt = clock.instant();
        tenant.persist();
        return Response.status(Response.Status.CREATED)
                .entity(TenantView.of(tenant))
                .build();
    }

    @GET
    @Operation(summary = "All tenants")
    public List<TenantView> list() {
        return Tenant.<Tenant>listAll().stream()
                .sorted((a, b) -> a.slug.compareTo(b.slug))
                .map(TenantView::of)
                .toList();
    }

    @PATCH
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Rename, suspend or reactivate a tenant")
    public TenantView change(@PathParam("slug") String slug, TenantChange body) {
        Tenant tenant = find(slug);
        if (body != null && body.status() != null) {
            if (!body.status().equals(Tenant.ACTIVE) && !body.status().equals(Tenant.SUSPENDED)) {
                throw ProblemException.field(ProblemType.INVALID_REQUEST, "status", "must be 'active' or 'suspended'");
            }
            tenant.status = body.status();
        }
        if (body != null && body.name() != null) {
            if (body.name().isBlank()) {
                throw ProblemException.field(ProblemType.INVALID_REQUEST, "name", "must not be blank");
            }
            tenant.name = body.name().strip();
        }
        return TenantView.of(tenant);
    }

    @POST
    @Path("{slug}/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite a person into a tenant (how a new tenant gets its first owner)")
    public Response invite(@PathParam("slug") String slug, InvitationResource.NewInvitation body) {
        Role role = InvitationResource.checked(body);
        Invitations.Issued issued = invitations.invite(find(slug).id, body.email(), role);
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(InvitationResource.CreatedInvitation.of(issued))
                .build();
    }

    @GET
    @Path("{slug}/quota")
    @Operation(summary = "A tenant's quota")
    public Quota quota(@PathParam("slug") String slug) {
        return quotas.of(find(slug).id);
    }

    @PUT
    @Path("{slug}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a tenant's quota (null limits: unlimited)")
    public Quota setQuota(@PathParam("slug") String slug, QuotaRequest body) {
        long tenantId = find(slug).id;
        return quotas.replace(tenantId, QuotaRequest.toQuota(body));
    }

    private static Tenant find(String slug) {
        return Tenant.findBySlug(slug)
                .orElseThrow(() -> ProblemException.notFound("there is no tenant '" + slug + "'"));
    }
}
