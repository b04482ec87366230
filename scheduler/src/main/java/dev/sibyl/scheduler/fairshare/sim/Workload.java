package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.Machine;
import dev.sibyl.scheduler.fairshare.Pool;
import dev.sibyl.scheduler.fairshare.PoolKind;
import dev.sibyl.scheduler.fairshare.Quota;
import dev.sibyl.scheduler.fairshare.Resources;
import dev.sibyl.scheduler.fairshare.Tenant;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic cluster and trial stream, identical for every policy under the same seed: pools of
 * 8- and 4-GPU machines, tenants with weights 1 to 4 and per-pool nominal quotas of a fraction
 * ({@code --nominal}) of their weighted share with unlimited borrowing, Poisson arrivals,
 * lognormal durations (median 20 min) and a mix of 1/2/4/8-GPU trials (60/20/15/5 %). Each experiment has
 * a runtime bound ({@code maxTrialDuration}) drawn from {@code --bounds} (1, 2, 4 or 8 h, equally likely, by
 * default) with its own random stream, so the arrivals are the same with or without bounds; a trial
 * longer than its bound is killed there, as NNI does, so its duration is capped at the bound.
 */
record Workload(List<Pool> pools, List<Tenant> tenants, List<Arrival> arrivals, long totalGpus) {
    /**
     * A trial that shows up at {@code at} (seconds) and runs {@code duration} seconds once started, at most
     * {@code maxRuntime} ({@link WaitingTrial#UNBOUNDED} when its experiment has no bound).
     */
    record Arrival(
            String id,
            String tenant,
            String experiment,
            int priority,
            Resources demand,
            long at,
            long duration,
            long maxRuntime) {
        WaitingTrial waiting() {
            return new WaitingTrial(id, tenant, experiment, priority, demand, Set.of(), at, maxRuntime);
        }
    }

    private static final int[] MACHINE_GPUS = {8, 8, 4, 4};
    private static final double MEDIAN_DURATION_S = 1_200;
    private static final double DURATION_SIGMA = 1.0;

    static Workload generate(SimOptions o) {
        SplittableRandom rng = new SplittableRandom(o.seed());
        List<Pool> pools = new ArrayList<>();
        long totalGpus = 0;
        for (int p = 0; p < o.pools(); p++) {
            List<Machine> machines = new ArrayList<>();
            for (int m = 0; m < MACHINE_GPUS.length; m++) {
                int gpus = MACHINE_GPUS[m];
                machines.add(Machine.withGpus("m" + m, new Resources(gpus, "", gpus * 8_000L, gpus * 64_000L, 32)));
                totalGpus += gpus;
            }
            PoolKind kind = PoolKind.values()[p % PoolKind.values().length];
            pools.add(new Pool("pool" + p, kind, machines, Set.of(), Map.of()));
        }
        double[] weights = new double[o.tenants()];
        double weightSum = 0;
        for (int t = 0; t < o.tenants(); t++) {
            weights[t] = 1 + rng.nextInt(4);
            weightSum += weights[t];
        }
        List<Tenant> tenants = new ArrayList<>();
        for (int t = 0; t < o.tenants(); t++) {
            Map<String, Quota> quotas = new HashMap<>();
            for (Pool pool : pools) {
                int poolGpus = pool.machines().stream()
                        .mapToInt(m -> m.capacity().gpus())
                        .sum();
                int nominal = (int) Math.floor(o.nominal() * poolGpus * weights[t] / weightSum);
                if (nominal > 0) {
                    quotas.put(pool.name(), new Quota(gpusOnly(nominal), Resources.UNLIMITED));
                }
            }
            tenants.add(new Tenant(tenantId(t), weights[t], quotas, 0));
        }
        List<Arrival> arrivals = new ArrayList<>();
        int maxGpus = o.maxGpus();
        double meanGpus =
                0.6 * 1 + 0.2 * Math.min(2, maxGpus) + 0.15 * Math.min(4, maxGpus) + 0.05 * Math.min(8, maxGpus);
        double meanDuration = MEDIAN_DURATION_S * Math.exp(DURATION_SIGMA * DURATION_SIGMA / 2);
        double horizon = o.hours() * 3_600;
        int next = 0;
        for (int t = 0; t < o.tenants(); t++) {
            // Offered load differs per tenant (0.5x to 1.5x the average) so some tenants are capped by their demand.
            double tenantLoad = o.load() * totalGpus / o.tenants() * (0.5 + rng.nextDouble());
            double ratePerSecond = tenantLoad / (meanGpus * meanDuration);
            double at = 0;
            while (true) {
                at += -Math.log(1 - rng.nextDouble()) / ratePerSecond;
                if (at >= horizon) {
                    break;
                }
                arrivals.add(trial(rng, next++, t, (long) at, maxGpus));
            }
        }
        for (int i = 0; i < o.waiting(); i++) {
            arrivals.add(trial(rng, next++, rng.nextInt(o.tenants()), 0, maxGpus));
        }
        if (!o.boundHours().isEmpty()) {
            SplittableRandom boundRng = new SplittableRandom(o.seed() * 31 + 17);
            Map<String, Long> bounds = new HashMap<>();
            List<Arrival> bounded = new ArrayList<>(arrivals.size());
            for (Arrival a : arrivals) {
                long bound = bounds.computeIfAbsent(
                        a.experiment(),
                        e -> Math.round(3_600
                                * o.boundHours()
                                        .get(boundRng.nextInt(o.boundHours().size()))));
                bounded.add(new Arrival(
                        a.id(),
                        a.tenant(),
                        a.experiment(),
                        a.priority(),
                        a.demand(),
                        a.at(),
                        Math.min(a.duration(), bound),
                        bound));
            }
            arrivals = bounded;
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparing(Arrival::id));
        return new Workload(pools, tenants, arrivals, totalGpus);
    }

    private static Resources gpusOnly(int gpus) {
        return new Resources(
                gpus, "", Resources.UNLIMITED_AMOUNT, Resources.UNLIMITED_AMOUNT, Resources.UNLIMITED_COUNT);
    }

    static String tenantId(int t) {
        return "tenant" + t;
    }

    private static Arrival trial(SplittableRandom rng, int n, int tenant, long at, int maxGpus) {
        double u = rng.nextDouble();
        int gpus = Math.min(maxGpus, u < 0.6 ? 1 : u < 0.8 ? 2 : u < 0.95 ? 4 : 8);
        double gaussian = gaussian(rng);
        long duration =
                (long) Math.min(8 * 3_600, Math.max(30, MEDIAN_DURATION_S * Math.exp(DURATION_SIGMA * gaussian)));
        int experiment = rng.nextInt(3);
        Resources demand = new Resources(gpus, "", gpus * 4_000L, gpus * 16_000L, 1);
        return new Arrival(
                "trial" + n,
                tenantId(tenant),
                tenantId(tenant) + "-exp" + experiment,
                experiment % 2,
                demand,
                at,
                duration,
                WaitingTrial.UNBOUNDED);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
