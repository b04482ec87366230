package dev.sibyl.tenant;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who a tenant request acts as, once authenticated: the tenant, the effective role there (the owner's
 * membership role, capped by the token's own role), the token's scopes (all of them for a signed-in person),
 * and for the audit trail which token, user or service account it was.
 */
public record Caller(
        long tenantId,
        Role role,
        Set<Scope> scopes,
        Long tokenId,
        Long userId,
        Long serviceAccountId,
        boolean platformAdmin) {
    public Caller {
        Objects.requireNonNull(role, "role");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** Whether the caller may act with {@code scope}: the token carries it and the role reaches its least role. */
    public boolean may(Scope scope) {
        return scopes.contains(scope) && role.atLeast(scope.leastRole());
    }

    /** A short, stable description for logs and the audit trail: {@code token:12}, {@code user:3}, ... */
    public String actor() {
        String owner = userId != null
                ? "user:" + userId
                : serviceAccountId != null ? "service-account:" + serviceAccountId : null;
        String token = tokenId == null ? null : "token:" + tokenId;
        return owner == null ? token : token == null ? owner : owner + "/" + token;
    }
}
