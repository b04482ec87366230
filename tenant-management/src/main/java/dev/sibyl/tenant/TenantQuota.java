package dev.sibyl.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The stored form of a tenant's {@link Quota} (one row per tenant; no row: unlimited, weight 1). */
@Entity
@Table(name = "tenant_quotas")
public class TenantQuota extends PanacheEntityBase {
    @Id
    @Column(name = "tenant_id")
    public Long tenantId;

    @Column(name = "max_concurrent_gpus")
    public Integer maxConcurrentGpus;

    @Column(name = "max_concurrent_trials")
    public Integer maxConcurrentTrials;

    @Column(name = "max_running_experiments")
    public Integer maxRunningExperiments;

    @Column(name = "max_plugin_storage_bytes")
    public Long maxPluginStorageBytes;

    @Column(nullable = false)
    public double weight = 1;
}
