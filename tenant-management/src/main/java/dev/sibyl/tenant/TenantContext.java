package dev.sibyl.tenant;

import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant a request under {@code /api/v1/tenants/{tenant}/...} acts for, resolved from its API token by
 * {@link TenantAuthenticationFilter} before any resource runs. Resources scope every query with {@link
 * #tenantId()}.
 */
@RequestScoped
public class TenantContext {
    private TokenGrant grant;
    private String slug;

    void resolve(TokenGrant grant, String slug) {
        this.grant = grant;
        this.slug = slug;
    }

    public boolean resolved() {
        return grant != null;
    }

    /** @throws IllegalStateException outside an authenticated tenant request */
    public long tenantId() {
        return grant().tenantId();
    }

    public String slug() {
        grant();
        return slug;
    }

    public TokenRole role() {
        return grant().role();
    }

    /** The id of the API token the request came with. */
    public long tokenId() {
        return grant().tokenId();
    }

    private TokenGrant grant() {
        if (grant == null) {
            throw new IllegalStateException("no tenant was resolved for this request");
        }
        return grant;
    }
}
