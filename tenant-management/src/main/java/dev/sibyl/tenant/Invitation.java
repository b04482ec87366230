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

/** A single-use invitation to join a tenant with a role; only the hash of its link token is stored. */
@Entity
@Table(name = "invitations")
public class Invitation extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "invitations_seq")
    @SequenceGenerator(name = "invitations_seq", sequenceName = "invitations_seq", allocationSize = 50)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String role;

    @Column(name = "token_hash", nullable = false, unique = true, columnDefinition = "char(64)")
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.CHAR)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "accepted_by")
    public Long acceptedBy;

    public static Optional<Invitation> findByHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }
}
