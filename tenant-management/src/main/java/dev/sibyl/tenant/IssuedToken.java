package dev.sibyl.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * A token just created: the only moment its plain text exists outside the client. {@link #toString} hides
 * the secret so an issued token can never end up in a log by accident.
 *
 * @param expiresAt null when the token does not expire
 */
public record IssuedToken(long id, long tenantId, String token, String prefix, Instant expiresAt) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", tenantId=" + tenantId + ", prefix=" + prefix + "..., expiresAt=" + expiresAt
                + "]";
    }
}
