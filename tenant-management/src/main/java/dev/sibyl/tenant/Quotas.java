package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and replaces tenants' {@link Quota}s. */
@ApplicationScoped
public class Quotas {
    @Transactional
    public Quota of(long tenantId) {
        TenantQuota row = TenantQuota.findById(tenantId);
        Map<String, Quota.PoolQuota> pools = new LinkedHashMap<>();
        List<TenantPoolQuota> poolRows = TenantPoolQuota.list("tenantId = ?1 order by pool", tenantId);
        for (TenantPoolQuota p : poolRows) {
            pools.put(
                    p.pool,
                    new Quota.PoolQuota(p.maxConcurrentGpus, p.maxConcurrentTrials, p.nominalGpus, p.nominalTrials));
        }
        if (row == null) {
            return new Quota(null, null, null, null, 1, pools);
        }
        return new Quota(
                row.maxConcurrentGpus,
                row.maxConcurrentTrials,
                row.maxRunningExperiments,
                row.maxPluginStorageBytes,
                row.weight,
                pools);
    }

    /** Replaces the tenant's quota, pool limits included. */
    @Transactional
    public Quota replace(long tenantId, Quota quota) {
        TenantQuota row = TenantQuota.findById(tenantId);
        if (row == null) {
            row = new TenantQuota();
            row.tenantId = tenantId;
        }
        row.maxConcurrentGpus = quota.maxConcurrentGpus();
        row.maxConcurrentTrials = quota.maxConcurrentTrials();
        row.maxRunningExperiments = quota.maxRunningExperiments();
        row.maxPluginStorageBytes = quota.maxPluginStorageBytes();
        row.weight = quota.weight();
        if (!row.isPersistent()) {
            row.persist();
        }
        TenantPoolQuota.delete("tenantId", tenantId);
        for (Map.Entry<String, Quota.PoolQuota> e : quota.pools().entrySet()) {
            TenantPoolQuota p = new TenantPoolQuota();
            p.tenantId = tenantId;
            p.pool = e.getKey();
            p.maxConcurrentGpus = e.getValue().maxConcurrentGpus();
            p.maxConcurrentTrials = e.getValue().maxConcurrentTrials();
            p.nominalGpus = e.getValue().nominalGpus();
            p.nominalTrials = e.getValue().nominalTrials();
            p.persist();
        }
        return of(tenantId);
    }
}
