package dev.sibyl.scheduler.fairshare.sim;

import java.util.Arrays;
import java.util.List;

/**
 * Simulator flags.
 *
 * @param load offered GPU demand (arrivals) as a multiple of capacity
 * @param interval seconds of virtual time between scheduling passes when something changed
 * @param nominal fraction of its weighted share each tenant gets as nominal quota in each pool
 * @param maxGpus largest trial, in GPUs (1 turns off gang trials)
 * @param headsFirst {@link dev.sibyl.scheduler.fairshare.Settings#headsFirst()} for the fairshare policy
 * @param backfill {@link dev.sibyl.scheduler.fairshare.Settings#backfill()} for the fairshare policy
 * @param fairSharePreemption {@link dev.sibyl.scheduler.fairshare.Settings#fairSharePreemption()} for the
 *     fairshare policy
 * @param pastUsageWeight {@link dev.sibyl.scheduler.fairshare.Settings#pastUsageWeight()} for the fairshare policy
 * @param halfLifeHours half-life of the decayed past usage the simulator passes as each tenant's
 *     {@code decayedUsage}
 * @param boundHours the runtime bounds ({@code maxTrialDuration}, hours) experiments draw from, each equally
 *     likely; a trial is killed at its bound; empty: no bounds (trials run their full duration)
 * @param warmupHours virtual hours of the same workload each policy runs first, in the same JVM, with the
 *     result thrown away, so decision latency is measured with the scheduler's code compiled, as in a server
 *     that has been up for a while (JMH's warm-up iterations); 0: measure from a cold JVM; by default a quarter
 *     of an hour or 90 intervals, whichever is longer
 * @param lendHeld {@link dev.sibyl.scheduler.fairshare.Settings#lendHeld()} for the fairshare policy
 * @param aboveShareOnLoan {@link dev.sibyl.scheduler.fairshare.Settings#aboveShareOnLoan()} for the fairshare
 *     policy
 * @param debtWeight {@link dev.sibyl.scheduler.fairshare.Settings#debtWeight()} for the fairshare policy; the
 *     simulator keeps each tenant's debt with the same half-life as past usage
 * @param estimateQuantile the quantile of an experiment's ended trials' runtimes the fairshare policy gets as its
 *     runtime estimate ({@link dev.sibyl.scheduler.fairshare.RuntimeEstimates}); 0: no estimates
 */
record SimOptions(
        int tenants,
        int pools,
        int waiting,
        String policy,
        long seed,
        double hours,
        double load,
        int interval,
        double nominal,
        int maxGpus,
        boolean headsFirst,
        boolean backfill,
        boolean fairSharePreemption,
        double pastUsageWeight,
        double halfLifeHours,
        List<Double> boundHours,
        double warmupHours,
        boolean lendHeld,
        boolean aboveShareOnLoan,
        double debtWeight,
        double estimateQuantile) {
    static final List<String> POLICIES = List.of("fairshare", "fifo", "maxmin");
    /** The fair-share policy's defaults, as the server's (ADR 0029). */
    static final boolean DEFAULT_HEADS_FIRST = true;

    static final double DEFAULT_PAST_USAGE_WEIGHT = 1;
    static final double DEFAULT_DEBT_WEIGHT = 32;
    static final double DEFAULT_ESTIMATE_QUANTILE = 0.5;
    /** The default warm-up lasts a quarter of an hour, or this many intervals if that is longer. */
    static final double DEFAULT_WARMUP_HOURS = 0.25;

    static final int DEFAULT_WARMUP_INTERVALS = 90;

    SimOptions {
        positive("--tenants", tenants);
        positive("--pools", pools);
        positive("--hours", hours);
        positive("--load", load);
        positive("--interval", interval);
        positive("--max-gpus", maxGpus);
        if (waiting < 0) {
            throw new IllegalArgumentException("--waiting must not be negative, not " + waiting);
        }
        if (pastUsageWeight < 0 || !(debtWeight >= 0) || !(halfLifeHours > 0)) {
            throw new IllegalArgumentException(
                    "--past-usage-weight and --debt-weight must not be negative, --half-life must be positive");
        }
        if (nominal < 0 || nominal > 1) {
            throw new IllegalArgumentException("--nominal is a fraction in [0, 1]");
        }
        if (!policy.equals("all") && !POLICIES.contains(policy)) {
            throw new IllegalArgumentException("--policy must be fairshare, fifo, maxmin or all, not " + policy);
        }
        boundHours = List.copyOf(boundHours);
        if (boundHours.stream().anyMatch(h -> !(h > 0))) {
            throw new IllegalArgumentException("--bounds are positive hours, or none");
        }
        if (!(warmupHours >= 0)) {
            throw new IllegalArgumentException("--warmup-hours must not be negative");
        }
        if (!(estimateQuantile >= 0 && estimateQuantile <= 1)) {
            throw new IllegalArgumentException("--runtime-estimates is a quantile in (0, 1], or off");
        }
    }

    private static void positive(String flag, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(flag + " must be positive, not " + value);
        }
    }

    static SimOptions parse(String[] args) {
        int tenants = 8;
        int pools = 2;
        int waiting = 200;
        String policy = "all";
        long seed = 1;
        double hours = 24;
        double load = 1.5;
        int interval = 10;
        double nominal = 0.5;
        int maxGpus = 8;
        boolean headsFirst = DEFAULT_HEADS_FIRST;
        boolean backfill = true;
        boolean fairSharePreemption = true;
        double pastUsageWeight = DEFAULT_PAST_USAGE_WEIGHT;
        double halfLifeHours = 2.0;
        List<Double> boundHours = List.of(1.0, 2.0, 4.0, 8.0);
        Double warmupHours = null;
        boolean lendHeld = false;
        boolean aboveShareOnLoan = false;
        double debtWeight = DEFAULT_DEBT_WEIGHT;
        double estimateQuantile = DEFAULT_ESTIMATE_QUANTILE;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + usage());
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--tenants" -> tenants = Integer.parseInt(value);
                    case "--pools" -> pools = Integer.parseInt(value);
                    case "--waiting" -> waiting = Integer.parseInt(value);
                    case "--policy" -> policy = value;
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--hours" -> hours = Double.parseDouble(value);
                    case "--load" -> load = Double.parseDouble(value);
                    case "--interval" -> interval = Integer.parseInt(value);
                    case "--nominal" -> nominal = Double.parseDouble(value);
                    case "--max-gpus" -> maxGpus = Integer.parseInt(value);
                    case "--heads-first" -> headsFirst = Boolean.parseBoolean(value);
                    case "--backfill" -> backfill = Boolean.parseBoolean(value);
                    case "--fair-share-preemption" -> fairSharePreemption = Boolean.parseBoolean(value);
                    case "--warmup-hours" -> warmupHours = Double.parseDouble(value);
                    case "--lend-held" -> lendHeld = Boolean.parseBoolean(value);
                    case "--above-share-on-loan" -> aboveShareOnLoan = Boolean.parseBoolean(value);
                    case "--past-usage-weight" -> pastUsageWeight = Double.parseDouble(value);
                    case "--debt-weight" -> debtWeight = Double.parseDouble(value);
                    case "--half-life" -> halfLifeHours = Double.parseDouble(value);
                    case "--runtime-estimates" ->
                        estimateQuantile = value.equals("off") ? 0 : Double.parseDouble(value);
                    case "--bounds" ->
                        boundHours = value.equals("none")
                                ? List.of()
                                : Arrays.stream(value.split(","))
                                        .map(Double::valueOf)
                                        .toList();
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, not " + value);
            }
        }
        return new SimOptions(
                tenants,
                pools,
                waiting,
                policy,
                seed,
                hours,
                load,
                interval,
                nominal,
                maxGpus,
                headsFirst,
                backfill,
                fairSharePreemption,
                pastUsageWeight,
                halfLifeHours,
                boundHours,
                warmupHours == null ? defaultWarmupHours(interval) : warmupHours,
                lendHeld,
                aboveShareOnLoan,
                debtWeight,
                estimateQuantile);
    }

    /**
     * A quarter of an hour, or 90 intervals if that is longer: at a 60 s interval a quarter of an hour is 15 passes,
     * too few for the JIT to compile the pass fully, and the p99 of a one-hour run was then the first pass after
     * the initial fill.
     */
    static double defaultWarmupHours(int interval) {
        return Math.max(DEFAULT_WARMUP_HOURS, DEFAULT_WARMUP_INTERVALS * (double) interval / 3_600);
    }

    /** The same workload and policy settings over {@link #warmupHours} (at most the whole run), not warmed up. */
    SimOptions forWarmup() {
        return new SimOptions(
                tenants,
                pools,
                waiting,
                policy,
                seed,
                Math.min(hours, warmupHours),
                load,
                interval,
                nominal,
                maxGpus,
                headsFirst,
                backfill,
                fairSharePreemption,
                pastUsageWeight,
                halfLifeHours,
                boundHours,
                0,
                lendHeld,
                aboveShareOnLoan,
                debtWeight,
                estimateQuantile);
    }

    static String usage() {
        return "usage: sibyl-sim [--tenants 8] [--pools 2] [--waiting 200] [--policy fairshare|fifo|maxmin|all]"
                + " [--seed 1] [--hours 24] [--load 1.5] [--interval 10] [--nominal 0.5] [--max-gpus 8] [--heads-first true]"
                + " [--backfill true] [--fair-share-preemption true]"
                + " [--past-usage-weight 1] [--debt-weight 32] [--half-life 2]"
                + " [--bounds 1,2,4,8|none] [--warmup-hours max(0.25, 90 intervals)] [--lend-held false] [--above-share-on-loan false]"
                + " [--runtime-estimates 0.5|off]";
    }

    List<String> policies() {
        return policy.equals("all") ? POLICIES : List.of(policy);
    }
}
