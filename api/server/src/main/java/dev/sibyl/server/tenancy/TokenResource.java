package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.ApiToken;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Caller;
import dev.sibyl.tenant.IssuedToken;
import dev.sibyl.tenant.RequiresScope;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.ServiceAccount;
import dev.sibyl.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * API tokens of a tenant (docs/api.md, "API tokens"). A signed-in member creates tokens for themself, capped by
 * their role; a token may create tokens only with the {@code admin} scope; tokens of service accounts need an
 * admin. The plain token is in the creation answer only.
 */
@Path("/api/v1/tenants/{tenant}/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    static final Set<Scope> DEFAULT_SCOPES = EnumSet.of(Scope.EXPERIMENTS_READ, Scope.EXPERIMENTS_WRITE);

    @Inject
    ApiTokens tokens;

    @Inject
    TenantContext tenant;

    @Inject
    InstantSource clock;

    /** The body of a token request. */
    public record NewTokenRequest(
            String name, List<String> scopes, Instant expiresAt, Integer expiresInDays, Long serviceAccountId) {}

    /** A token as listed: never its secret. */
    public record TokenView(
            long id,
            String name,
            String prefix,
            List<String> scopes,
            String role,
            Long userId,
            Long serviceAccountId,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt,
            String lastUsedAddress) {
        static TokenView of(ApiToken t) {
            return new TokenView(
                    t.id,
                    t.name,
                    t.tokenPrefix,
                    Scope.parseStored(t.scopes).stream().map(Scope::wire).toList(),
                    t.role,
                    t.userId,
                    t.serviceAccountId,
                    t.createdAt,
                    t.expiresAt,
                    t.revokedAt,
                    t.lastUsedAt,
                    t.lastUsedAddress);
        }
    }

    /** The creation answer: the only time the token is shown. */
    public record CreatedToken(String token, TokenView details) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.EXPERIMENTS_READ)
    @Operation(summary = "Create an API token; the answer is the only time it is shown")
    public Response create(NewTokenRequest body) {
        Caller caller = tenant.caller();
        if (body == null) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "body", "is required");
        }
        if (body.name() == null || body.name().isBlank() || body.name().length() > 200) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "name", "is required (1 to 200 characters)");
        }
        boolean forServiceAccount = body.serviceAccountId() != null;
        if ((forServiceAccount || caller.tokenId() != null) && !caller.may(Scope.ADMIN)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    forServiceAccount
                            ? "tokens of service accounts are created by admins (role admin and scope 'admin')"
                            : "a token can create tokens only with the 'admin' scope; sign in to create your own");
        }
        Role ownerRole = caller.role();
        Long userId = caller.userId();
        Long serviceAccountId = caller.serviceAccountId();
        if (forServiceAccount) {
            ServiceAccount account = ServiceAccount.<ServiceAccount>findByIdOptional(body.serviceAccountId())
                    .filter(a -> a.tenantId == tenant.tenantId() && a.disabledAt == null)
                    .orElseThrow(() -> ProblemException.field(
                            ProblemType.INVALID_REQUEST,
                            "serviceAccountId",
                            "there is no active service account " + body.serviceAccountId() + " in this tenant"));
            ownerRole = Role.parse(account.role);
            userId = null;
            serviceAccountId = account.id;
        }
        Set<Scope> scopes = scopes(body.scopes(), ownerRole);
        Instant expiresAt = expiry(body);
        IssuedToken issued = tokens.create(new ApiTokens.NewToken(
                tenant.tenantId(), body.name().strip(), ownerRole, scopes, expiresAt, userId, serviceAccountId, false));
        ApiToken row = ApiToken.findById(issued.id());
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(new CreatedToken(issued.token(), TokenView.of(row)))
                .build();
    }

    @GET
    @Operation(summary = "The tenant's tokens (admins) or the caller's own, without secrets")
    public List<TokenView> list() {
        Caller caller = tenant.caller();
        List<ApiToken> rows = tokens.list(tenant.tenantId(), null);
        return rows.stream()
                .filter(t -> caller.may(Scope.ADMIN)
                        || (caller.userId() != null && caller.userId().equals(t.userId))
                        || t.id.equals(caller.tokenId()))
                .map(TokenView::of)
                .toList();
    }

    @DELETE
    @Path("{id}")
    @RequiresScope(Scope.EXPERIMENTS_READ)
    @Operation(summary = "Revoke a token; effective on its next request")
    public Response revoke(@PathParam("id") long id) {
        Caller caller = tenant.caller();
        ApiToken row = ApiToken.<ApiToken>findByIdOptional(id)
                .filter(t -> t.tenantId == tenant.tenantId())
                .orElseThrow(() -> ProblemException.notFound("there is no token " + id));
        boolean own = (caller.userId() != null && caller.userId().equals(row.userId))
                || (caller.tokenId() != null && caller.tokenId() == id);
        if (!own && !caller.may(Scope.ADMIN)) {
            throw ProblemException.notFound("there is no token " + id);
        }
        tokens.revoke(tenant.tenantId(), id);
        return Response.noContent().build();
    }

    private static Set<Scope> scopes(List<String> requested, Role ownerRole) {
        if (requested == null) {
            return DEFAULT_SCOPES.stream()
                    .filter(s -> ownerRole.atLeast(s.leastRole()))
                    .collect(() -> EnumSet.noneOf(Scope.class), Set::add, Set::addAll);
        }
        List<FieldError> errors = new ArrayList<>();
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < requested.size(); i++) {
            String field = "scopes[" + i + "]";
            try {
                Scope scope = Scope.parse(String.valueOf(requested.get(i)));
                if (!ownerRole.atLeast(scope.leastRole())) {
                    errors.add(new FieldError(
                            field,
                            "'" + scope.wire() + "' needs the role '"
                                    + scope.leastRole().stored() + "' but the token's owner is '" + ownerRole.stored()
                                    + "'"));
                }
                scopes.add(scope);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, e.getMessage()));
            }
        }
        if (scopes.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("scopes", "must name at least one scope"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the requested scopes are not allowed", errors);
        }
        return scopes;
    }

    private Instant expiry(NewTokenRequest body) {
        Instant now = clock.instant();
        if (body.expiresAt() != null && body.expiresInDays() != null) {
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST, "expiresInDays", "give expiresAt or expiresInDays, not both");
        }
        if (body.expiresInDays() != null) {
            if (body.expiresInDays() <= 0 || body.expiresInDays() > 3650) {
                throw ProblemException.field(
                        ProblemType.INVALID_REQUEST, "expiresInDays", "must be between 1 and 3650");
            }
            return now.plus(Duration.ofDays(body.expiresInDays()));
        }
        if (body.expiresAt() != null && !body.expiresAt().isAfter(now)) {
            throw ProblemException.field(ProblemType.INVALID_REQUEST, "expiresAt", "must be in the future");
        }
        return body.expiresAt();
    }
}
