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

/**
 * Guards {@code /api/v1/admin/...} (tenants and their quotas): only a platform admin passes, that is the
 * bootstrap token or a signed-in person with the provider's platform-admin role. 401 without usable
 * credentials, 403 for anyone else.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class PlatformAdminFilter implements ContainerRequestFilter {
    static final String ADMIN_ROUTES = "api/v1/admin/";

    @Inject
    ApiTokens tokens;

    @Inject
    People people;

    @Inject
    Instance<IdentityTokens> identityTokens;

    @Inject
    RequestActor actor;

    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith(ADMIN_ROUTES)) {
            return;
        }
        String bearer = TenantAuthenticationFilter.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (bearer == null || bearer.isBlank()) {
            throw new TenantAccessException(TenantAccessException.Kind.MISSING_TOKEN, "credentials are required");
        }
        boolean platformAdmin;
        if (bearer.startsWith(TokenSecrets.PREFIX)) {
            String address = http == null || http.remoteAddress() == null
                    ? null
                    : http.remoteAddress().hostAddress();
            Caller caller = tokens.verify(bearer, address)
                    .orElseThrow(() -> new TenantAccessException(
                            TenantAccessException.Kind.INVALID_TOKEN, "the API token is unknown, expired or revoked"));
            actor.set(caller.actor(), caller.tokenId());
            platformAdmin = caller.platformAdmin();
        } else {
            IdentityTokens provider = identityTokens.isResolvable() ? identityTokens.get() : null;
            Person person = provider == null || !provider.enabled()
                    ? null
                    : provider.verify(bearer).orElse(null);
            if (person == null) {
                throw new TenantAccessException(
                        TenantAccessException.Kind.INVALID_TOKEN, "the bearer token is not valid");
            }
            User user = people.provision(person);
            actor.set("user:" + user.id, null);
            platformAdmin = user.platformAdmin;
        }
        if (!platformAdmin) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.FORBIDDEN, "only platform admins manage tenants");
        }
    }
}
