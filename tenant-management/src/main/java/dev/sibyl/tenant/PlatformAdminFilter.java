package dev.sibyl.tenant;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
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
    /** Pools are platform-wide: their capacity and queues are for platform admins. */
    static final String POOL_ROUTES = "api/v1/pools";

    @Inject
    Authenticator authenticator;

    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith(ADMIN_ROUTES) && !p.startsWith(POOL_ROUTES)) {
            return;
        }
        String address = http == null || http.remoteAddress() == null
                ? null
                : http.remoteAddress().hostAddress();
        boolean platformAdmin = authenticator.enterPlatform(
                TenantAuthenticationFilter.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION)), address);
        if (!platformAdmin) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.FORBIDDEN, "only platform admins manage tenants and pools");
        }
    }
}
