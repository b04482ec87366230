package dev.sibyl.tenant;

import java.util.Objects;

/** What a verified API token grants: the tenant it acts for and its role. */
public record TokenGrant(long tokenId, long tenantId, TokenRole role) {
    public TokenGrant {
        Objects.requireNonNull(role, "role");
    }
}
