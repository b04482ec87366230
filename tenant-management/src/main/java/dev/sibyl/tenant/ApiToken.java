package dev.sibyl.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A Sibyl API token ({@code sbl_...}); only its SHA-256 hash is stored. */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "api_tokens_seq")
    @SequenceGenerator(name = "api_tokens_seq", sequenceName = "api_tokens_seq", allocationSize = 50)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    @Column(nullable = false)
    public String name;

    /** The first characters of the token, safe to show, to tell tokens apart. */
    @Column(name = "token_prefix", nullable = false)
    public String tokenPrefix;

    @Column(name = "token_hash", nullable = false, unique = true, columnDefinition = "char(64)")
    @JdbcTypeCode(SqlTypes.CHAR)
    public String tokenHash;

    @Column(nullable = false)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "last_used_address")
    public String lastUsedAddress;

    /** Space-separated {@link Scope} names. */
    @Column(nullable = false)
    public String scopes;

    /** The user the token acts for, whose membership role applies; null for service-account and bootstrap tokens. */
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "service_account_id")
    public Long serviceAccountId;

    /** Only the bootstrap token: may also manage tenants. */
    @Column(name = "platform_admin", nullable = false)
    public boolean platformAdmin;

    public static Optional<ApiToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }
}
