package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Invitation;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TenantContext;
import dev.sibyl.tenant.TokenSecrets;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Single-use invitations: an admin invites an email address with a role; the person signs in with the identity
 * provider and accepts through the link token, which is shown once and stored only as a hash. Sending the link
 * by mail is left to the admin (no SMTP integration yet).
 */
@Path("/api/v1/tenants/{tenant}/invitations")
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {
    static final Duration VALIDITY = Duration.ofDays(7);
    static final String PREFIX = "inv_";

    private final SecureRandom random = new SecureRandom();

    @Inject
    TenantContext tenant;

    @Inject
    InstantSource clock;

    public record NewInvitation(String email, String role) {}

    public record CreatedInvitation(
            long id, String email, String role, Instant expiresAt, String token, String acceptPath) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Transactional
    @Operation(summary = "Invite a person by email; the link token is shown once")
    public Response invite(NewInvitation body) {
        if (body == null || body.email() == null || !body.email().matches("[^@\\s]+@[^@\\s]+")) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "email", "is required: an email address");
        }
        Role role = MemberResource.parseRole(body.role());
        if (role == Role.OWNER && tenant.role() != Role.OWNER) {
            throw new ProblemException(ProblemType.FORBIDDEN, "only owners invite owners");
        }
        String token = PREFIX + TokenSecrets.generate(random).substring(TokenSecrets.PREFIX.length());
        Invitation i = new Invitation();
        i.tenantId = tenant.tenantId();
        i.email = body.email().strip();
        i.role = role.stored();
        i.tokenHash = TokenSecrets.hash(token);
        i.createdAt = clock.instant();
        i.expiresAt = i.createdAt.plus(VALIDITY);
        i.persist();
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(new CreatedInvitation(
                        i.id, i.email, i.role, i.expiresAt, token, "/api/v1/invitations/" + token + "/accept"))
                .build();
    }
}
