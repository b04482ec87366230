package dev.sibyl.server.tenancy;

import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Quota;
import dev.sibyl.tenant.Quotas;
import dev.sibyl.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Admits an experiment into running only within its tenant's {@link Quota}: running experiments, concurrent
 * trials and GPUs (its trialConcurrency × trialGpuNumber), in total and in its pool. Runs inside the transaction
 * that starts the experiment and locks the tenant row first, so two submissions cannot both take the last slot.
 * A refusal is a 409 {@code quota-exceeded} problem whose errors say, per limit, what was asked and what remains.
 */
@ApplicationScoped
public class QuotaGate {
    @Inject
    Quotas quotas;

    @Inject
    EntityManager entities;

    /** What the experiment being admitted needs. */
    public record Demand(String pool, int trialConcurrency, int trialGpuNumber) {}

    /** What a tenant's active experiments hold: experiments, their trial slots and GPUs (concurrency × GPUs). */
    public record Usage(long runningExperiments, long concurrentTrials, long concurrentGpus) {}

    /** The tenant's usage, leaving out {@code excludingExperimentId} when given. Call inside a transaction. */
    public Usage usage(long tenantId, String excludingExperimentId) {
        Object[] row = (Object[]) entities.createNativeQuery("select count(*), coalesce(sum(trial_concurrency), 0),"
                        + " coalesce(sum(trial_concurrency * coalesce(trial_gpu_number, 0)), 0) from experiments"
                        + " where tenant_id = ?1 and status in (?2) and id <> ?3")
                .setParameter(1, tenantId)
                .setParameter(
                        2,
                        Arrays.stream(ExperimentStatus.values())
                                .filter(ExperimentStatus::active)
                                .map(Enum::name)
                                .toList())
                .setParameter(3, excludingExperimentId == null ? "" : excludingExperimentId)
                .getSingleResult();
        return new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }

    /** @param excludingExperimentId the experiment itself when it is resumed, else null */
    public void admit(long tenantId, Demand demand, String excludingExperimentId) {
        entities.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
        Quota quota = quotas.of(tenantId);
        Usage usage = usage(tenantId, excludingExperimentId);
        long running = usage.runningExperiments();
        long trials = usage.concurrentTrials();
        long gpus = usage.concurrentGpus();
        long askedGpus = (long) demand.trialConcurrency() * demand.trialGpuNumber();
        List<FieldError> errors = new ArrayList<>();
        check(errors, "experiment", "running experiments", 1, running, quota.maxRunningExperiments(), "");
        check(
                errors,
                "trialConcurrency",
                "concurrent trials",
                demand.trialConcurrency(),
                trials,
                quota.maxConcurrentTrials(),
                "");
        check(errors, "trialGpuNumber", "concurrent GPUs", askedGpus, gpus, quota.maxConcurrentGpus(), "");
        Quota.PoolQuota pool = quota.pools().get(demand.pool());
        if (pool != null) {
            String where = " in pool '" + demand.pool() + "'";
            check(
                    errors,
                    "trialConcurrency",
                    "concurrent trials",
                    demand.trialConcurrency(),
                    trials,
                    pool.maxConcurrentTrials(),
                    where);
            check(errors, "trialGpuNumber", "concurrent GPUs", askedGpus, gpus, pool.maxConcurrentGpus(), where);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    ProblemType.QUOTA_EXCEEDED,
                    "the experiment does not fit in the tenant's quota: "
                            + errors.get(0).message(),
                    errors);
        }
    }

    private static void check(
            List<FieldError> errors, String field, String what, long asked, long inUse, Integer limit, String where) {
        if (limit == null || asked == 0 || inUse + asked <= limit) {
            return;
        }
        long remaining = Math.max(0, limit - inUse);
        errors.add(new FieldError(
                field,
                "asks for " + asked + " " + what + where + "; the quota is " + limit + ", " + inUse + " in use, "
                        + remaining + " remaining"));
    }
}
