package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Invitation;
import dev.sibyl.tenant.Invitations;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Single-use invitations: an admin invites an email address with a role; the person signs in with the identity
 * provider and accepts through the link token, which is shown once and stored only as a hash. Sending the link
 * by mail is left to the admin (no SMTP integration yet).
 */
@Path("/api/v1/tenants/{tenant}/invitations")
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {
    @Inject
    TenantContext tenant;

    @Inject
    Invitations invitations;

    public record NewInvitation(String email, String role) {}

    public record CreatedInvitation(
            long id, String email, String role, Instant expiresAt, String token, String acceptPath) {
        static CreatedInvitation of(Invitations.Issued issued) {
            Invitation i = issued.invitation();
            return new CreatedInvitation(
                    i.id,
                    i.email,
                    i.role,
                    i.expiresAt,
                    issued.token(),
                    "/api/v1/invitations/" + issued.token() + "/accept");
        }
    }

    /** The role of a valid invitation request. */
    static Role checked(NewInvitation body) {
        if (body == null || body.email() == null || !body.email().strip().matches("[^@\\s]+@[^@\\s]+")) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "email", "is required: an email address");
        }
        return MemberResource.parseRole(body.role());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Transactional
    @Operation(summary = "Invite a person by email; the link token is shown once")
    public Response invite(NewInvitation body) {
        Role role = checked(body);
        if (role == Role.OWNER && tenant.role() != Role.OWNER) {
            throw new ProblemException(ProblemType.FORBIDDEN, "only owners invite owners");
        }
        Invitations.Issued issued = invitations.invite(tenant.tenantId(), body.email(), role);
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(CreatedInvitation.of(issued))
                .build();
    }
}
