package dev.sibyl.tenant;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Optional;

/**
 * Authenticates every route under {@code /api/v1/tenants/{tenant}/}: the request carries {@code Authorization:
 * Bearer} with either a Sibyl API token ({@code sbl_...}) of that tenant or a JWT of the identity provider
 * whose user is a member of it. Failures are thrown as {@link TenantAccessException} and answered by the
 * server's problem mapper: 401 for a missing or unusable credential, 404 when the tenant does not exist <em>for
 * this caller</em> (another tenant's existence does not leak). It runs after routing, on the request's worker
 * thread, so unknown routes answer 404 before authentication.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TenantAuthenticationFilter implements ContainerRequestFilter {
    static final String TENANT_ROUTES = "api/v1/tenants/";

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

    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        String slug = tenantSlug(request.getUriInfo().getPath());
        if (slug == null) {
            return;
        }
        String bearer = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Caller caller = authenticate(bearer, slug);
        actor.set(caller.actor(), caller.tokenId());
        Tenant tenant = Tenant.findBySlug(slug).orElse(null);
        if (tenant == null || tenant.id != caller.tenantId()) {
            throw unknownTenant(slug);
        }
        context.resolve(caller, slug, tenant.suspended());
    }

    private Caller authenticate(String bearer, String slug) {
        if (bearer == null || bearer.isBlank()) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.MISSING_TOKEN,
                    "credentials are required: Authorization: Bearer <API token or identity-provider JWT>");
        }
        if (bearer.startsWith(TokenSecrets.PREFIX)) {
            return tokens.verify(bearer, address())
                    .orElseThrow(() -> invalid("the API token is unknown, malformed, expired or revoked"));
        }
        IdentityTokens provider = identityTokens.isResolvable() ? identityTokens.get() : null;
        if (provider == null || !provider.enabled()) {
            throw invalid(
                    "the bearer token is not a Sibyl API token (sbl_...), and no identity provider is configured");
        }
        Person person = provider.verify(bearer).orElseThrow(() -> invalid("the bearer token is not valid"));
        User user = people.provision(person);
        Optional<Tenant> tenant = Tenant.findBySlug(slug);
        return tenant.flatMap(t -> people.callerIn(t.id, user)).orElseThrow(() -> unknownTenant(slug));
    }

    private String address() {
        return http == null || http.remoteAddress() == null
                ? null
                : http.remoteAddress().hostAddress();
    }

    private static TenantAccessException invalid(String message) {
        return new TenantAccessException(TenantAccessException.Kind.INVALID_TOKEN, message);
    }

    private static TenantAccessException unknownTenant(String slug) {
        return new TenantAccessException(
                TenantAccessException.Kind.UNKNOWN_TENANT, "tenant '" + slug + "' does not exist");
    }

    /** The {@code {tenant}} segment of a tenant route, or null for any other path. */
    static String tenantSlug(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith(TENANT_ROUTES)) {
            return null;
        }
        String rest = p.substring(TENANT_ROUTES.length());
        int slash = rest.indexOf('/');
        String slug = slash < 0 ? rest : rest.substring(0, slash);
        return slug.isEmpty() ? null : slug;
    }

    /** The token of a {@code Bearer} authorization header, or null when there is none. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return h.substring(7).strip();
    }
}
