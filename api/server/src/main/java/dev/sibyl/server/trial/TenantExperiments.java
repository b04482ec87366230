package dev.sibyl.server.trial;

import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.tenant.TenantContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * The experiments of the request's tenant. An experiment of another tenant is answered exactly like one
 * that does not exist (404), so ids of other tenants cannot be probed.
 */
@RequestScoped
public class TenantExperiments {
    @Inject
    TenantContext tenant;

    /** @throws ProblemException 404 when the tenant has no such experiment */
    public ExperimentEntity require(String experimentId) {
        return ExperimentEntity.<ExperimentEntity>find("id = ?1 and tenantId = ?2", experimentId, tenant.tenantId())
                .firstResultOptional()
                .orElseThrow(() -> notFound(experimentId));
    }

    /**
     * The experiment, locked for update until the current transaction ends: the trial budget is checked and
     * spent under this lock, so two requests adding trials cannot both take the last slot.
     */
    public ExperimentEntity requireLocked(String experimentId) {
        return ExperimentEntity.<ExperimentEntity>find("id = ?1 and tenantId = ?2", experimentId, tenant.tenantId())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> notFound(experimentId));
    }

    public long tenantId() {
        return tenant.tenantId();
    }

    private static ProblemException notFound(String experimentId) {
        return ProblemException.notFound("there is no experiment '" + experimentId + "'");
    }
}
