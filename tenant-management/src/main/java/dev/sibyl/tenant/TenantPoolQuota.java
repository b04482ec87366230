package dev.sibyl.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** The stored form of a {@link Quota.PoolQuota}. */
@Entity
@Table(name = "tenant_pool_quotas")
@IdClass(TenantPoolQuota.Key.class)
public class TenantPoolQuota extends PanacheEntityBase {
    @Id
    @Column(name = "tenant_id")
    public Long tenantId;

    @Id
    @Column(nullable = false)
    public String pool;

    @Column(name = "max_concurrent_gpus")
    public Integer maxConcurrentGpus;

    @Column(name = "max_concurrent_trials")
    public Integer maxConcurrentTrials;

    @Column(name = "nominal_gpus")
    public Integer nominalGpus;

    @Column(name = "nominal_trials")
    public Integer nominalTrials;

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public Long tenantId;
        public String pool;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(pool, k.pool);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, pool);
        }
    }
}
