package dev.sibyl.server.audit;

import dev.sibyl.tenant.RequestActor;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.tenant.TenantContext;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Records every state-changing API call (any method but GET, HEAD and OPTIONS under {@code /api/v1/}, except the
 * trial channel, which trials use with their own per-trial tokens) once its answer is known, refusals included:
 * tenant, actor, action, target, time, source address and outcome. The event is written in its own transaction
 * after the call's own work committed, so a call whose work rolled back is still recorded with its failure.
 */
@Provider
@Priority(Priorities.USER + 1000)
public class AuditRecorder implements ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger(AuditRecorder.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    AuditLog log;

    @Inject
    TenantContext tenant;

    @Inject
    RequestActor actor;

    @Context
    ResourceInfo resource;

    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        String path = "/" + stripSlash(request.getUriInfo().getPath());
        if (READS.contains(method) || !path.startsWith("/api/v1/") || path.startsWith("/api/v1/trial-channel/")) {
            return;
        }
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            return; // only the reactive trial channel runs here, and it is not audited
        }
        String below = belowTenant(path);
        Long tenantId = tenant.resolved()
                ? Long.valueOf(tenant.tenantId())
                : tenantOfPath(path).orElse(null);
        try {
            log.append(new AuditLog.Entry(
                    tenantId,
                    actor.actor(),
                    actor.tokenId(),
                    AuditActions.name(method, below),
                    below,
                    method,
                    http == null || http.remoteAddress() == null
                            ? null
                            : http.remoteAddress().hostAddress(),
                    response.getStatus()));
        } catch (RuntimeException e) {
            // The call's own work is done; an audit failure is logged loudly, never turned into the call's answer.
            LOG.errorf(
                    "audit event of %s %s (status %d) was not recorded: %s",
                    method, path, response.getStatus(), e.getMessage());
        }
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** The path below {@code /api/v1/tenants/{slug}/}, or below {@code /api/v1/} for other routes. */
    static String belowTenant(String path) {
        String rest = path.substring("/api/v1/".length());
        if (rest.startsWith("tenants/")) {
            int slash = rest.indexOf('/', "tenants/".length());
            return slash < 0 ? "" : rest.substring(slash + 1);
        }
        return rest;
    }

    private static Optional<Long> tenantOfPath(String path) {
        String rest = path.substring("/api/v1/".length());
        if (!rest.startsWith("tenants/")) {
            return Optional.empty();
        }
        String slug = rest.substring("tenants/".length()).split("/", 2)[0];
        try {
            return Tenant.findBySlug(slug).map(t -> t.id);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
