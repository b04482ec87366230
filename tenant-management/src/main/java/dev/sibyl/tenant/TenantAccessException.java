package dev.sibyl.tenant;

import java.util.Objects;

/**
 * A request to {@code /api/v1/tenants/{tenant}/...} that may not proceed. The server's problem mapper turns
 * {@link Kind#MISSING_TOKEN} and {@link Kind#INVALID_TOKEN} into 401 with {@link #challenge()} as {@code
 * WWW-Authenticate}, {@link Kind#UNKNOWN_TENANT} into 404 (another tenant's resources do not exist for the
 * caller) and {@link Kind#FORBIDDEN} into 403.
 */
public class TenantAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why access was refused. */
    public enum Kind {
        /** No {@code Authorization: Bearer} header. */
        MISSING_TOKEN,
        /** Unknown, malformed, expired or revoked token. */
        INVALID_TOKEN,
        /** The tenant does not exist, or the token belongs to another tenant. */
        UNKNOWN_TENANT,
        /** Authenticated, but the scope or role does not allow the call (403). */
        FORBIDDEN
    }

    private final Kind kind;

    public TenantAccessException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    /** The RFC 6750 {@code WWW-Authenticate} challenge for 401 answers. */
    public String challenge() {
        return kind == Kind.INVALID_TOKEN
                ? "Bearer realm=\"sibyl\", error=\"invalid_token\""
                : "Bearer realm=\"sibyl\"";
    }
}
