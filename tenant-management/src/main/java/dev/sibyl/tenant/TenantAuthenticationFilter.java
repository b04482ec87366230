package dev.sibyl.tenant;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Guards every route under {@code /api/v1/tenants/{tenant}/}: the request must carry {@code Authorization:
 * Bearer sbl_...} with a token of that tenant. Failures are thrown as {@link TenantAccessException} and
 * answered by the server's problem mapper. It runs after routing, on the request's worker thread, so unknown
 * routes answer 404 before authentication.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TenantAuthenticationFilter implements ContainerRequestFilter {
    static final String TENANT_ROUTES = "api/v1/tenants/";

    @Inject
    ApiTokens tokens;

    @Inject
    TenantContext context;

    @Override
    public void filter(ContainerRequestContext request) {
        String slug = tenantSlug(request.getUriInfo().getPath());
        if (slug == null) {
            return;
        }
        TokenGrant grant = tokens.authorize(bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION)), slug);
        context.resolve(grant, slug);
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
