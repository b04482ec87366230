package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random snapshots whose running trials are a valid placement within quotas. About half the
 * experiments give their waiting trials a runtime bound and about half the running trials have a
 * deadline, drawn from a second stream so the rest of each snapshot is the same as without bounds;
 * both settings backfill. A third of the snapshots, from a third stream, carry runtime estimates for some of the
 * waiting trials' experiments (ADR 0030).
 */
final class RandomSnapshots {
    static final long NOW = 1_000_000;
    static final Settings SETTINGS = new Settings(600, 5_000, 0.0);
    /** Odd seeds run with heads first, so every property covers both modes. */
    static final Settings HEADS_FIRST = new Settings(600, 5_000, 0.0, true);
    /** The product defaults (ADR 0029): heads first, fair-share debts and past usage counted. */
    static final Settings DEBTS = new Settings(600, 5_000, 1.0, true, true, false, false, false, 32);

    private static final String[] GPU_TYPES = {"", "", "a100", "v100"};
    private static final int[] GPU_SIZES = {0, 1, 1, 1, 2, 2, 4, 8};

    private RandomSnapshots() {}

    /** GPU indices as a remote machine may list them: not from 0, with gaps, in any order. */
    private static List<Integer> sparseIndices(Random rng, int gpus) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 2 * gpus + 1; i++) {
            all.add(i);
        }
        Collections.shuffle(all, rng);
        return List.copyOf(all.subList(0, gpus));
    }

    static Snapshot generate(long seed) {
        Random rng = new Random(seed);
        Random bounds = new Random(~seed);
        // Its own stream, so the rest of each snapshot is what it was before machines had sparse indices.
        Random layout = new Random(seed * 31 + 7);
        Random owed = new Random(seed * 17 + 3);
        Random estimated = new Random(seed * 13 + 5);
        List<Pool> pools = new ArrayList<>();
        int poolCount = 1 + rng.nextInt(4);
        for (int p = 0; p < poolCount; p++) {
            List<Machine> machines = new ArrayList<>();
            int machineCount = 1 + rng.nextInt(4);
            for (int m = 0; m < machineCount; m++) {
                int gpus = new int[] {0, 2, 4, 4, 8}[rng.nextInt(5)];
                String type = GPU_TYPES[rng.nextInt(GPU_TYPES.length)];
                Resources capacity = new Resources(
                        gpus,
                        type,
                        8_000 + 4_000L * rng.nextInt(8),
                        32_000 + 16_000L * rng.nextInt(8),
                        4 + rng.nextInt(8));
                machines.add(
                        layout.nextInt(3) == 0
                                ? new Machine("m" + m, capacity, sparseIndices(layout, gpus))
                                : Machine.withGpus("m" + m, capacity));
            }
            Set<String> allowed = new HashSet<>();
            if (rng.nextInt(4) == 0) {
                allowed.add("t0");
                allowed.add("t" + rng.nextInt(5));
            }
            pools.add(new Pool("p" + p, PoolKind.values()[rng.nextInt(4)], machines, allowed, Map.of()));
        }
        List<Tenant> tenants = new ArrayList<>();
        int tenantCount = 1 + rng.nextInt(5);
        for (int t = 0; t < tenantCount; t++) {
            Map<String, Quota> quotas = new HashMap<>();
            for (Pool pool : pools) {
                if (rng.nextInt(3) > 0) {
                    Resources nominal = new Resources(
                            rng.nextInt(6), "", 2_000L * rng.nextInt(10), 8_000L * rng.nextInt(10), rng.nextInt(6));
                    Resources borrowing = rng.nextBoolean()
                            ? Resources.UNLIMITED
                            : new Resources(
                                    rng.nextInt(6),
                                    "",
                                    2_000L * rng.nextInt(10),
                                    8_000L * rng.nextInt(10),
                                    rng.nextInt(6));
                    quotas.put(pool.name(), new Quota(nominal, borrowing));
                }
            }
            tenants.add(new Tenant(
                    "t" + t, 1 + rng.nextInt(4), quotas, rng.nextDouble() * 0.2, (owed.nextDouble() - 0.5) * 0.4));
        }
        Snapshot empty = new Snapshot(pools, tenants, List.of(), List.of(), NOW, SETTINGS);
        Ledger ledger = new Ledger(empty);
        List<RunningTrial> running = new ArrayList<>();
        int attempts = rng.nextInt(30);
        for (int i = 0; i < attempts; i++) {
            Tenant tenant = tenants.get(rng.nextInt(tenantCount));
            Pool pool = pools.get(rng.nextInt(poolCount));
            Machine machine = pool.machines().get(rng.nextInt(pool.machines().size()));
            Resources demand = demand(rng, machine.capacity().gpuType());
            if (!pool.admits(tenant.id())
                    || !ledger.fits(pool, machine, demand)
                    || !ledger.withinCeiling(tenant, pool, demand)) {
                continue;
            }
            List<Integer> gpus = ledger.freeGpus(pool, machine).subList(0, demand.gpus());
            RunningTrial r = new RunningTrial(
                    "r" + i,
                    tenant.id(),
                    tenant.id() + "-e" + rng.nextInt(3),
                    pool.name(),
                    machine.id(),
                    List.copyOf(gpus),
                    demand,
                    NOW - rng.nextInt(1_500),
                    rng.nextInt(4) == 0 ? 0 : rng.nextDouble(),
                    bounds.nextBoolean() ? RunningTrial.NO_DEADLINE : NOW + 1 + bounds.nextInt(8_000));
            ledger.add(r);
            running.add(r);
        }
        List<WaitingTrial> waiting = new ArrayList<>();
        // As NNI's maxTrialDuration, a bound belongs to an experiment.
        Map<String, Long> maxRuntime = new HashMap<>();
        int waitingCount = rng.nextInt(40);
        for (int i = 0; i < waitingCount; i++) {
            Tenant tenant = tenants.get(rng.nextInt(tenantCount));
            Set<String> allowedPools = new HashSet<>();
            if (rng.nextInt(4) == 0) {
                allowedPools.add(pools.get(rng.nextInt(poolCount)).name());
            }
            String experiment = tenant.id() + "-e" + rng.nextInt(3);
            waiting.add(new WaitingTrial(
                    "w" + i,
                    tenant.id(),
                    experiment,
                    rng.nextInt(3),
                    demand(rng, GPU_TYPES[rng.nextInt(GPU_TYPES.length)]),
                    allowedPools,
                    NOW - rng.nextInt(10_000),
                    maxRuntime.computeIfAbsent(
                            experiment,
                            e -> bounds.nextBoolean() ? WaitingTrial.UNBOUNDED : 1 + bounds.nextInt(8_000))));
        }
        Settings settings = seed % 2 == 0 ? SETTINGS : seed % 4 == 1 ? HEADS_FIRST : DEBTS;
        Map<String, Long> estimates = new HashMap<>();
        if (estimated.nextInt(3) == 0) {
            for (WaitingTrial w : waiting) {
                if (!estimates.containsKey(w.experiment()) && estimated.nextInt(3) > 0) {
                    estimates.put(w.experiment(), 1L + estimated.nextInt(3_000));
                }
            }
        }
        return new Snapshot(pools, tenants, waiting, running, NOW, settings, estimates);
    }

    private static Resources demand(Random rng, String gpuType) {
        int gpus = GPU_SIZES[rng.nextInt(GPU_SIZES.length)];
        return new Resources(
                gpus, gpus == 0 ? "" : gpuType, 500L * (1 + rng.nextInt(8)), 1_000L * (1 + rng.nextInt(24)), 1);
    }

    /** The same snapshot decided under other settings. */
    static Snapshot with(Snapshot s, Settings settings) {
        return new Snapshot(s.pools(), s.tenants(), s.waiting(), s.running(), s.now(), settings, s.expectedRuntimes());
    }
}
