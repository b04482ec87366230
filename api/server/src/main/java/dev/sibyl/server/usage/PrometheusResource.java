package dev.sibyl.server.usage;

import dev.sibyl.server.pool.PoolScheduler;
import dev.sibyl.server.pool.PoolService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.time.InstantSource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Usage and queues in Prometheus's text format, for platform admins: tenant names are not public, so the
 * scrape authenticates with an admin token ({@code authorization: {credentials: <token>}} in the scrape config).
 */
@Path("/api/v1/admin/metrics")
public class PrometheusResource {
    @Inject
    UsageLedger ledger;

    @Inject
    UsageCounters counters;

    @Inject
    PoolService pools;

    @Inject
    PoolScheduler scheduler;

    @Inject
    InstantSource clock;

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(summary = "Usage per tenant and pool, and pool queues, as Prometheus metrics")
    public String scrape() {
        PrometheusText text = new PrometheusText();
        var totals = ledger.totals(clock.instant());
        text.family("sibyl_tenant_gpu_seconds_total", "counter", "GPU-seconds allocated to the tenant's trials");
        totals.forEach(
                t -> text.sample("sibyl_tenant_gpu_seconds_total", t.tenant(), t.pool(), counters.gpuSeconds(t)));
        text.family("sibyl_tenant_trial_seconds_total", "counter", "Trial-seconds (slot time) of the tenant's trials");
        totals.forEach(
                t -> text.sample("sibyl_tenant_trial_seconds_total", t.tenant(), t.pool(), counters.trialSeconds(t)));
        text.family("sibyl_tenant_running_trials", "gauge", "Trials of the tenant running now");
        totals.forEach(t -> text.sample("sibyl_tenant_running_trials", t.tenant(), t.pool(), t.runningTrials()));
        text.family("sibyl_tenant_gpus_allocated", "gauge", "GPUs held by the tenant's running trials now");
        totals.forEach(t -> text.sample("sibyl_tenant_gpus_allocated", t.tenant(), t.pool(), t.gpusHeld()));
        text.family("sibyl_pool_waiting_trials", "gauge", "Trials waiting for the pool at the last scheduling pass");
        pools.list()
                .forEach(p -> text.sample(
                        "sibyl_pool_waiting_trials",
                        null,
                        p.name,
                        scheduler.queue(p.name).size()));
        return text.toString();
    }
}
