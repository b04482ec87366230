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

/** An organisation using Sibyl. Every tenant-owned row refers to one by {@code tenant_id}. */
@Entity
@Table(name = "tenants")
public class Tenant extends PanacheEntityBase {
    /** The tenant that exists from the first start (its bootstrap token is also the platform admin's). */
    public static final String DEFAULT_SLUG = "default";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tenants_seq")
    @SequenceGenerator(name = "tenants_seq", sequenceName = "tenants_seq", allocationSize = 50)
    public Long id;

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** {@code active} or {@code suspended}: a suspended tenant's data can be read but nothing can change. */
    @Column(nullable = false)
    public String status = ACTIVE;

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    public boolean suspended() {
        return SUSPENDED.equals(status);
    }

    public static Optional<Tenant> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
