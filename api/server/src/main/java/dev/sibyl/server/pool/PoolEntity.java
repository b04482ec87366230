package dev.sibyl.server.pool;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A pool of machines, platform-wide (not a tenant's row). */
@Entity
@Table(name = "pools")
public class PoolEntity extends PanacheEntityBase {
    @Id
    public String name;

    @Column(nullable = false)
    public String kind;

    /** One {@link PoolMachine} per machine. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<PoolMachine> machines;

    /** Tenant slugs that may use the pool; empty means every tenant. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allowed_tenants", nullable = false, columnDefinition = "jsonb")
    public List<String> allowedTenants;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> labels;

    /**
     * How the server reaches the pool, by kind (docs/api.md, Pools): for {@code remote} {@code machines.<id>} with
     * host, port, user and credentials; for {@code kubernetes} the namespace and pod settings; for {@code openpai}
     * the cluster. Secrets inside are sealed ({@link dev.sibyl.server.secret.ConfigSecrets}).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> connection = Map.of();

    /** The last probe per machine or namespace, by machine id. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> health = Map.of();

    /** Found on the server's own machine at start-up (the local pool), rather than declared by an admin. */
    @Column(nullable = false)
    public boolean discovered;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
