package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.ServiceAccount;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Non-human members (CI pipelines) that own API tokens; managed by admins. */
@Path("/api/v1/tenants/{tenant}/service-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class ServiceAccountResource {
    @Inject
    TenantContext tenant;

    @Inject
    ApiTokens tokens;

    @Inject
    InstantSource clock;

    public record NewServiceAccount(String name, String role) {}

    public record ServiceAccountView(long id, String name, String role, Instant createdAt, Instant disabledAt) {
        static ServiceAccountView of(ServiceAccount a) {
            return new ServiceAccountView(a.id, a.name, a.role, a.createdAt, a.disabledAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create a service account")
    public Response create(NewServiceAccount body) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "name", "is required");
        }
        Role role = MemberResource.parseRole(body.role());
        if (role == Role.OWNER) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "role", "a service account cannot be an owner");
        }
        if (ServiceAccount.count(
                        "tenantId = ?1 and name = ?2",
                        tenant.tenantId(),
                        body.name().strip())
                > 0) {
            throw new ProblemException(ProblemType.CONFLICT, "service account '" + body.name() + "' already exists");
        }
        ServiceAccount a = new ServiceAccount();
        a.tenantId = tenant.tenantId();
        a.name = body.name().strip();
        a.role = role.stored();
        a.createdAt = clock.instant();
        a.persist();
        return Response.status(Response.Status.CREATED)
                .entity(ServiceAccountView.of(a))
                .build();
    }

    @GET
    @Operation(summary = "The tenant's service accounts")
    public List<ServiceAccountView> list() {
        return ServiceAccount.<ServiceAccount>list("tenantId = ?1 order by id", tenant.tenantId()).stream()
                .map(ServiceAccountView::of)
                .toList();
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @Operation(summary = "Disable a service account and revoke its tokens")
    public Response disable(@PathParam("id") long id) {
        ServiceAccount a = ServiceAccount.<ServiceAccount>findByIdOptional(id)
                .filter(s -> s.tenantId == tenant.tenantId())
                .orElseThrow(() -> ProblemException.notFound("there is no service account " + id));
        if (a.disabledAt == null) {
            a.disabledAt = clock.instant();
        }
        tokens.revokeAllOf(tenant.tenantId(), id);
        return Response.noContent().build();
    }
}
