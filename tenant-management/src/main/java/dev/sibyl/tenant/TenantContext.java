package dev.sibyl.tenant;

import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant a request under {@code /api/v1/tenants/{tenant}/...} acts for and who is calling, resolved by
 * {@link TenantAuthenticationFilter} before any resource runs. Resources scope every query with {@link
 * #tenantId()}; the database connection of the request is scoped the same way ({@link TenantConnectionScope}).
 */
@RequestScoped
public class TenantContext {
    private Caller caller;
    private String slug;
    private boolean suspended;

    void resolve(Caller caller, String slug, boolean suspended) {
        this.caller = caller;
        this.slug = slug;
        this.suspended = suspended;
    }

    public boolean resolved() {
        return caller != null;
    }

    /** @throws IllegalStateException outside an authenticated tenant request */
    public long tenantId() {
        return caller().tenantId();
    }

    public String slug() {
        caller();
        return slug;
    }

    public Role role() {
        return caller().role();
    }

    /** Whether the tenant is suspended (its data can be read, nothing can change). */
    public boolean suspended() {
        caller();
        return suspended;
    }

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no tenant was resolved for this request");
        }
        return caller;
    }
}
