package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.InstantSource;
import java.util.Optional;

/**
 * First-start setup of tenancy: the {@code default} tenant and, while it has no usable token, its admin
 * token. Idempotent: later starts change nothing.
 */
@ApplicationScoped
public class TenantBootstrap {
    static final String ADMIN_TOKEN_NAME = "bootstrap admin";

    @Inject
    ApiTokens tokens;

    @Inject
    InstantSource clock;

    /** The default tenant, created when missing. */
    @Transactional
    public Tenant ensureDefaultTenant() {
        return Tenant.findBySlug(Tenant.DEFAULT_SLUG).orElseGet(() -> {
            Tenant tenant = new Tenant();
            tenant.slug = Tenant.DEFAULT_SLUG;
            tenant.name = "Default";
            tenant.createdAt = clock.instant();
            tenant.persist();
            return tenant;
        });
    }

    /**
     * Creates the default tenant's admin token when it has no token that is not revoked: {@code configured}
     * when given, else a random one. Returns the new token (to be shown once), or empty when one existed.
     *
     * @throws IllegalArgumentException when {@code configured} is not a well-formed {@code sbl_} token
     */
    @Transactional
    public Optional<IssuedToken> ensureAdminToken(Optional<String> configured) {
        Tenant tenant = ensureDefaultTenant();
        if (tokens.hasActiveToken(tenant.id)) {
            return Optional.empty();
        }
        // The operator's token: owner of the default tenant, every scope, and platform admin (manages tenants).
        ApiTokens.NewToken spec =
                new ApiTokens.NewToken(tenant.id, ADMIN_TOKEN_NAME, Role.OWNER, Scope.all(), null, null, null, true);
        IssuedToken issued = configured
                .filter(t -> !t.isBlank())
                .map(t -> tokens.install(spec, t.strip()))
                .orElseGet(() -> tokens.create(spec));
        return Optional.of(issued);
    }
}
