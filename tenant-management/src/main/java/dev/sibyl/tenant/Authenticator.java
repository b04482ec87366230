package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Authenticates a request for a tenant from its bearer credential, a Sibyl API token of that tenant or a JWT of
 * the identity provider whose user is a member of it, and makes the tenant the request's ({@link TenantContext},
 * {@link RequestActor}). Shared by the REST filter and the GraphQL endpoint. Refusals are {@link
 * TenantAccessException}s: 401 for a missing or unusable credential, 404 when the tenant does not exist <em>for
 * this caller</em>.
 */
@ApplicationScoped
public class Authenticator {
    @Inject
    ApiTokens tokens;

    @Inject
    People people;

    @Inject
    Instance<IdentityTokens> identityTokens;

    @Inject
    TenantContext context;

    @Inject
    RequestActor actor;

    /**
     * @param bearer the bearer credential, or null when the request had none
     * @throws TenantAccessException when the caller may not act for the tenant, or the request already acts for
     *     another tenant
     */
    public Caller enterTenant(String bearer, String slug, String address) {
        Caller caller = authenticate(bearer, slug, address);
        Tenant tenant = Tenant.findBySlug(slug).orElse(null);
        if (tenant == null || tenant.id != caller.tenantId()) {
            throw unknownTenant(slug);
        }
        if (context.resolved() && context.tenantId() != tenant.id) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.FORBIDDEN, "one request acts for one tenant only");
        }
        actor.set(caller.actor(), caller.tokenId());
        context.resolve(caller, slug, tenant.suspended());
        return caller;
    }

    /**
     * Authenticates a request outside any tenant (platform administration) and records its actor.
     *
     * @return whether the caller is a platform admin
     * @throws TenantAccessException 401 when the credential is missing or unusable
     */
    public boolean enterPlatform(String bearer, String address) {
        requirePresent(bearer);
        if (bearer.startsWith(TokenSecrets.PREFIX)) {
            Caller caller = verifyToken(bearer, address);
            actor.set(caller.actor(), caller.tokenId());
            return caller.platformAdmin();
        }
        User user = people.provision(verifyPerson(bearer));
        actor.set("user:" + user.id, null);
        return user.platformAdmin;
    }

    private Caller authenticate(String bearer, String slug, String address) {
        requirePresent(bearer);
        if (bearer.startsWith(TokenSecrets.PREFIX)) {
            return verifyToken(bearer, address);
        }
        User user = people.provision(verifyPerson(bearer));
        Optional<Tenant> tenant = Tenant.findBySlug(slug);
        return tenant.flatMap(t -> people.callerIn(t.id, user)).orElseThrow(() -> unknownTenant(slug));
    }

    private static void requirePresent(String bearer) {
        if (bearer == null || bearer.isBlank()) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.MISSING_TOKEN,
                    "credentials are required: Authorization: Bearer <API token or identity-provider JWT>");
        }
    }

    private Caller verifyToken(String bearer, String address) {
        return tokens.verify(bearer, address)
                .orElseThrow(() -> invalid("the API token is unknown, malformed, expired or revoked"));
    }

    private Person verifyPerson(String bearer) {
        IdentityTokens provider = identityTokens.isResolvable() ? identityTokens.get() : null;
        if (provider == null || !provider.enabled()) {
            throw invalid(
                    "the bearer token is not a Sibyl API token (sbl_...), and no identity provider is configured");
        }
        return provider.verify(bearer).orElseThrow(() -> invalid("the bearer token is not valid"));
    }

    private static TenantAccessException invalid(String message) {
        return new TenantAccessException(TenantAccessException.Kind.INVALID_TOKEN, message);
    }

    private static TenantAccessException unknownTenant(String slug) {
        return new TenantAccessException(
                TenantAccessException.Kind.UNKNOWN_TENANT, "tenant '" + slug + "' does not exist");
    }
}
