package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Membership;
import dev.sibyl.tenant.People;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TenantContext;
import dev.sibyl.tenant.User;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The people of a tenant and their roles. Admins manage members; only owners make or unmake owners. */
@Path("/api/v1/tenants/{tenant}/members")
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {
    @Inject
    TenantContext tenant;

    @Inject
    People people;

    public record MemberView(long userId, String email, String name, String role) {}

    public record RoleChange(String role) {}

    @GET
    @Operation(summary = "Members and their roles")
    @Transactional
    public List<MemberView> list() {
        List<Membership> rows = Membership.list("tenantId = ?1 order by id", tenant.tenantId());
        return rows.stream()
                .map(m -> {
                    User u = User.findById(m.userId);
                    return new MemberView(m.userId, u.email, u.name, m.role);
                })
                .toList();
    }

    @PUT
    @Path("{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Transactional
    @Operation(summary = "Add a known user to the tenant or change their role")
    public MemberView setRole(@PathParam("userId") long userId, RoleChange body) {
        Role role = parseRole(body == null ? null : body.role());
        User user = User.<User>findByIdOptional(userId)
                .orElseThrow(() -> ProblemException.notFound("there is no user " + userId));
        Membership existing = Membership.find(tenant.tenantId(), userId).orElse(null);
        boolean touchesOwner = role == Role.OWNER || (existing != null && Role.parse(existing.role) == Role.OWNER);
        if (touchesOwner && tenant.role() != Role.OWNER) {
            throw new ProblemException(ProblemType.FORBIDDEN, "only owners make or unmake owners");
        }
        if (existing != null && Role.parse(existing.role) == Role.OWNER && role != Role.OWNER) {
            requireAnotherOwner(userId);
        }
        Membership m = people.setRole(tenant.tenantId(), userId, role);
        return new MemberView(userId, user.email, user.name, m.role);
    }

    @DELETE
    @Path("{userId}")
    @RequiresScope(Scope.ADMIN)
    @Transactional
    @Operation(summary = "Remove a member (their tokens stop working at once)")
    public Response remove(@PathParam("userId") long userId) {
        Membership m = Membership.find(tenant.tenantId(), userId)
                .orElseThrow(() -> ProblemException.notFound("user " + userId + " is not a member"));
        if (Role.parse(m.role) == Role.OWNER) {
            if (tenant.role() != Role.OWNER) {
                throw new ProblemException(ProblemType.FORBIDDEN, "only owners remove owners");
            }
            requireAnotherOwner(userId);
        }
        m.delete();
        return Response.noContent().build();
    }

    private void requireAnotherOwner(long userId) {
        long others = Membership.count("tenantId = ?1 and role = 'owner' and userId <> ?2", tenant.tenantId(), userId);
        if (others == 0) {
            throw new ProblemException(ProblemType.CONFLICT, "a tenant keeps at least one owner");
        }
    }

    static Role parseRole(String text) {
        if (text == null) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "role", "is required");
        }
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "role", e.getMessage());
        }
    }
}
