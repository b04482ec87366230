package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates, verifies and revokes Sibyl API tokens. A token is {@code sbl_} plus 32 random URL-safe
 * characters; only its SHA-256 hash and first characters are stored. Plain-text tokens are never logged.
 */
@ApplicationScoped
public class ApiTokens {
    /** {@code last_used_at} is refreshed at most this often, so verifying stays a read most of the time. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    @Inject
    InstantSource clock;

    /** A new random token for {@code tenantId}; the returned plain text is not stored anywhere. */
    @Transactional
    public IssuedToken create(long tenantId, String name, TokenRole role, Instant expiresAt) {
        return install(tenantId, name, role, TokenSecrets.generate(random), expiresAt);
    }

    /**
     * Stores a token chosen by an operator (the bootstrap token).
     *
     * @throws IllegalArgumentException when {@code token} is not a well-formed {@code sbl_} token
     */
    @Transactional
    public IssuedToken install(long tenantId, String name, TokenRole role, String token, Instant expiresAt) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (!TokenSecrets.isWellFormed(token)) {
            throw new IllegalArgumentException("an API token is '" + TokenSecrets.PREFIX + "' followed by at least "
                    + TokenSecrets.MIN_SECRET_LENGTH + " characters of [A-Za-z0-9_-]");
        }
        if (Tenant.findByIdOptional(tenantId).isEmpty()) {
            throw new IllegalArgumentException("tenant " + tenantId + " does not exist");
        }
        ApiToken row = new ApiToken();
        row.tenantId = tenantId;
        row.name = name;
        row.role = role.stored();
        row.tokenPrefix = TokenSecrets.prefix(token);
        row.tokenHash = TokenSecrets.hash(token);
        row.createdAt = clock.instant();
        row.expiresAt = expiresAt;
        row.persist();
        return new IssuedToken(row.id, tenantId, token, row.tokenPrefix, expiresAt);
    }

    /**
     * The grant of a usable token: known, not expired, not revoked. Records the use ({@code last_used_at}, at
     * most once a minute).
     */
    @Transactional
    public Optional<TokenGrant> verify(String token) {
        if (!TokenSecrets.isWellFormed(token)) {
            return Optional.empty();
        }
        Optional<ApiToken> found = ApiToken.findByHash(TokenSecrets.hash(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken row = found.get();
        Instant now = clock.instant();
        if (row.revokedAt != null || (row.expiresAt != null && !now.isBefore(row.expiresAt))) {
            return Optional.empty();
        }
        if (row.lastUsedAt == null || !row.lastUsedAt.plus(LAST_USED_RESOLUTION).isAfter(now)) {
            row.lastUsedAt = now;
        }
        return Optional.of(new TokenGrant(row.id, row.tenantId, TokenRole.fromStored(row.role)));
    }

    /**
     * Authorizes a request for the tenant with slug {@code tenantSlug}.
     *
     * @param token the bearer token, or null when the request had none
     * @throws TenantAccessException when the token is missing or unusable (401) or the tenant is unknown or
     *     not the token's (404)
     */
    @Transactional
    public TokenGrant authorize(String token, String tenantSlug) {
        if (token == null || token.isBlank()) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.MISSING_TOKEN,
                    "an API token is required: Authorization: Bearer sbl_...");
        }
        TokenGrant grant = verify(token.strip())
                .orElseThrow(() -> new TenantAccessException(
                        TenantAccessException.Kind.INVALID_TOKEN, "the API token is unknown, expired or revoked"));
        Optional<Tenant> tenant = Tenant.findBySlug(tenantSlug);
        if (tenant.isEmpty() || !tenant.get().id.equals(grant.tenantId())) {
            throw new TenantAccessException(
                    TenantAccessException.Kind.UNKNOWN_TENANT, "tenant '" + tenantSlug + "' does not exist");
        }
        return grant;
    }

    /** Revokes a token of {@code tenantId}; false when it has no such token. Revoking twice is harmless. */
    @Transactional
    public boolean revoke(long tenantId, long tokenId) {
        Optional<ApiToken> row = ApiToken.<ApiToken>findByIdOptional(tokenId).filter(t -> t.tenantId == tenantId);
        row.filter(t -> t.revokedAt == null).ifPresent(t -> t.revokedAt = clock.instant());
        return row.isPresent();
    }

    /** Whether {@code tenantId} has any token that is not revoked. */
    @Transactional
    public boolean hasActiveToken(long tenantId) {
        return ApiToken.count("tenantId = ?1 and revokedAt is null", tenantId) > 0;
    }
}
