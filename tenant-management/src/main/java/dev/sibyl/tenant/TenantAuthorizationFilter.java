package dev.sibyl.tenant;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * After {@link TenantAuthenticationFilter}: checks that the caller may use the endpoint, by the scope it needs
 * ({@link RequiresScope}, else read or write by HTTP method) and the least role of that scope. A suspended
 * tenant can only be read. Refusals are 403 problems saying what was missing.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class TenantAuthorizationFilter implements ContainerRequestFilter {
    @Inject
    TenantContext context;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!context.resolved()) {
            return;
        }
        Scope needed = neededScope(request.getMethod());
        Caller caller = context.caller();
        if (!caller.scopes().contains(needed)) {
            throw forbidden("this token lacks the scope '" + needed.wire() + "'");
        }
        if (!caller.role().atLeast(needed.leastRole())) {
            throw forbidden("the role '" + caller.role().stored() + "' may not do this in tenant '" + context.slug()
                    + "' (it needs '" + needed.leastRole().stored() + "' or above)");
        }
        if (context.suspended() && needed != Scope.EXPERIMENTS_READ) {
            throw forbidden("tenant '" + context.slug() + "' is suspended: its data can be read, nothing can change");
        }
    }

    private Scope neededScope(String httpMethod) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method != null && method.isAnnotationPresent(RequiresScope.class)) {
            return method.getAnnotation(RequiresScope.class).value();
        }
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (type != null && type.isAnnotationPresent(RequiresScope.class)) {
            return type.getAnnotation(RequiresScope.class).value();
        }
        return httpMethod.equals("GET") || httpMethod.equals("HEAD") ? Scope.EXPERIMENTS_READ : Scope.EXPERIMENTS_WRITE;
    }

    private static TenantAccessException forbidden(String message) {
        return new TenantAccessException(TenantAccessException.Kind.FORBIDDEN, message);
    }
}
