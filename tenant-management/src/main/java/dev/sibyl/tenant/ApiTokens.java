package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, verifies and revokes Sibyl API tokens ({@link TokenSecrets}). Only hashes are stored and plain-text
 * tokens are never logged. Every request reads the token row again, so an expiry or a revocation takes effect
 * on the very next request, and a token's owner losing a role takes the role from the token too.
 */
@ApplicationScoped
public class ApiTokens {
    /** {@code last_used_at} is refreshed at most this often (or when the address changes), so verifying stays a read most of the time. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    @Inject
    InstantSource clock;

    /** What a new token is: its tenant, owner, role ceiling, scopes and expiry. */
    public record NewToken(
            long tenantId,
            String name,
            Role role,
            Set<Scope> scopes,
            Instant expiresAt,
            Long userId,
            Long serviceAccountId,
            boolean platformAdmin) {
        public NewToken {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            scopes = Set.copyOf(scopes);
            if (scopes.isEmpty()) {
                throw new IllegalArgumentException("a token needs at least one scope");
            }
            if (userId != null && serviceAccountId != null) {
                throw new IllegalArgumentException("a token belongs to a user or to a service account, not both");
            }
        }

        /** An ownerless token with every scope (tests and operators). */
        public static NewToken unowned(long tenantId, String name, Role role, Instant expiresAt) {
            return new NewToken(tenantId, name, role, Scope.all(), expiresAt, null, null, false);
        }
    }

    /** A new random token; the returned plain text is not stored anywhere. */
    @Transactional
    public IssuedToken create(NewToken spec) {
        return install(spec, TokenSecrets.generate(random));
    }

    /** A new random ownerless token with every scope. */
    @Transactional
    public IssuedToken create(long tenantId, String name, Role role, Instant expiresAt) {
        return create(NewToken.unowned(tenantId, name, role, expiresAt));
    }

    /**
     * Stores a token chosen by an operator (the bootstrap token).
     *
     * @throws IllegalArgumentException when {@code token} is not a well-formed {@code sbl_} token
     */
    @Transactional
    public IssuedToken install(NewToken spec, String token) {
        if (!TokenSecrets.isWellFormed(token)) {
            throw new IllegalArgumentException("an API token is '" + TokenSecrets.PREFIX + "' followed by at least "
                    + TokenSecrets.MIN_SECRET_LENGTH + " characters of [A-Za-z0-9_-]");
        }
        if (Tenant.findByIdOptional(spec.tenantId()).isEmpty()) {
            throw new IllegalArgumentException("tenant " + spec.tenantId() + " does not exist");
        }
        ApiToken row = new ApiToken();
        row.tenantId = spec.tenantId();
        row.name = spec.name();
        row.role = spec.role().stored();
        row.scopes = Scope.format(spec.scopes());
        row.userId = spec.userId();
        row.serviceAccountId = spec.serviceAccountId();
        row.platformAdmin = spec.platformAdmin();
        row.tokenPrefix = TokenSecrets.prefix(token);
        row.tokenHash = TokenSecrets.hash(token);
        row.createdAt = clock.instant();
        row.expiresAt = spec.expiresAt();
        row.persist();
        return new IssuedToken(row.id, spec.tenantId(), token, row.tokenPrefix, spec.expiresAt());
    }

    /**
     * The caller a usable token stands for: known, not expired, not revoked, its owner still a member (or an
     * enabled service account). Records the use: time (at most once a minute) and source address.
     */
    @Transactional
    public Optional<Caller> verify(String token, String address) {
        if (!TokenSecrets.isWellFormed(token)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(token);
        Optional<ApiToken> found = ApiToken.<ApiToken>list("tokenPrefix", TokenSecrets.prefix(token)).stream()
                .filter(t -> TokenSecrets.sameHash(t.tokenHash, hash))
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken row = found.get();
        Instant now = clock.instant();
        if (row.revokedAt != null || (row.expiresAt != null && !now.isBefore(row.expiresAt))) {
            return Optional.empty();
        }
        Optional<Role> role = effectiveRole(row);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        if (row.lastUsedAt == null
                || !row.lastUsedAt.plus(LAST_USED_RESOLUTION).isAfter(now)
                || !Objects.equals(row.lastUsedAddress, address)) {
            row.lastUsedAt = now;
            row.lastUsedAddress = address;
        }
        boolean platformAdmin = row.platformAdmin
                || (row.userId != null
                        && User.<User>findByIdOptional(row.userId)
                                .map(u -> u.platformAdmin)
                                .orElse(false));
        return Optional.of(new Caller(
                row.tenantId,
                role.get(),
                Scope.parseStored(row.scopes),
                row.id,
                row.userId,
                row.serviceAccountId,
                platformAdmin));
    }

    private static Optional<Role> effectiveRole(ApiToken row) {
        Role ceiling = Role.parse(row.role);
        if (row.userId != null) {
            return Membership.find(row.tenantId, row.userId)
                    .map(m -> Role.parse(m.role).cappedAt(ceiling));
        }
        if (row.serviceAccountId != null) {
            return ServiceAccount.<ServiceAccount>findByIdOptional(row.serviceAccountId)
                    .filter(a -> a.disabledAt == null)
                    .map(a -> Role.parse(a.role).cappedAt(ceiling));
        }
        return Optional.of(ceiling);
    }

    /** The tokens of a tenant, newest first; with {@code userId}, only that user's. */
    @Transactional
    public List<ApiToken> list(long tenantId, Long userId) {
        return userId == null
                ? ApiToken.list("tenantId = ?1 order by createdAt desc, id desc", tenantId)
                : ApiToken.list("tenantId = ?1 and userId = ?2 order by createdAt desc, id desc", tenantId, userId);
    }

    /** Revokes a token of {@code tenantId}; false when it has no such token. Revoking twice is harmless. */
    @Transactional
    public boolean revoke(long tenantId, long tokenId) {
        Optional<ApiToken> row = ApiToken.<ApiToken>findByIdOptional(tokenId).filter(t -> t.tenantId == tenantId);
        row.filter(t -> t.revokedAt == null).ifPresent(t -> t.revokedAt = clock.instant());
        return row.isPresent();
    }

    /** Revokes every token of a service account (when it is disabled). */
    @Transactional
    public void revokeAllOf(long tenantId, long serviceAccountId) {
        ApiToken.update(
                "revokedAt = ?1 where tenantId = ?2 and serviceAccountId = ?3 and revokedAt is null",
                clock.instant(),
                tenantId,
                serviceAccountId);
    }

    /** Whether {@code tenantId} has any token that is not revoked. */
    @Transactional
    public boolean hasActiveToken(long tenantId) {
        return ApiToken.count("tenantId = ?1 and revokedAt is null", tenantId) > 0;
    }
}
