package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.IdentityTokens;
import dev.sibyl.tenant.Invitation;
import dev.sibyl.tenant.People;
import dev.sibyl.tenant.Person;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.tenant.TokenSecrets;
import dev.sibyl.tenant.User;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Accepting an invitation ({@link InvitationResource}) as the signed-in person; single use. */
@Path("/api/v1/invitations")
@Produces(MediaType.APPLICATION_JSON)
public class InvitationAcceptResource {
    @Inject
    People people;

    @Inject
    Instance<IdentityTokens> identityTokens;

    @Inject
    InstantSource clock;

    public record Accepted(String tenant, String role) {}

    @POST
    @Path("{token}/accept")
    @Transactional
    @Operation(summary = "Accept an invitation as the signed-in person (identity-provider JWT)")
    public Accepted accept(
            @PathParam("token") String token, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        IdentityTokens provider = identityTokens.isResolvable() ? identityTokens.get() : null;
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : null;
        Person person = provider == null || !provider.enabled() || bearer == null
                ? null
                : provider.verify(bearer).orElse(null);
        if (person == null) {
            throw new ProblemException(
                    ProblemType.UNAUTHENTICATED, "sign in with the identity provider to accept an invitation");
        }
        Invitation i = Invitation.findByHash(TokenSecrets.hash(token))
                .orElseThrow(() -> ProblemException.notFound("there is no such invitation"));
        if (i.acceptedAt != null) {
            throw new ProblemException(ProblemType.GONE, "the invitation was already used");
        }
        if (!clock.instant().isBefore(i.expiresAt)) {
            throw new ProblemException(ProblemType.GONE, "the invitation has expired");
        }
        User user = people.provision(person);
        people.setRole(i.tenantId, user.id, Role.parse(i.role));
        i.acceptedAt = clock.instant();
        i.acceptedBy = user.id;
        Tenant t = Tenant.findById(i.tenantId);
        return new Accepted(t.slug, i.role);
    }
}
