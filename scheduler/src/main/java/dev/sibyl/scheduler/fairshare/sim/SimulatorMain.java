package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.FairShareSession;
import dev.sibyl.scheduler.fairshare.Scheduler;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the scheduling policies over one synthetic workload and prints one line per policy, then
 * one JSON object with every measurement as the last line. See {@code docs/benchmarks/scheduler.md}.
 */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) {
        SimOptions options;
        try {
            options = SimOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    static void run(SimOptions options, PrintStream out) {
        Workload workload = Workload.generate(options);
        out.printf(
                Locale.ROOT,
                "workload: %d tenants, %d pools, %d GPUs, %d trials (%d queued at start), %.1f h, load %.2f%n",
                options.tenants(),
                options.pools(),
                workload.totalGpus(),
                workload.arrivals().size(),
                options.waiting(),
                options.hours(),
                options.load());
        Map<String, RunReport> reports = new LinkedHashMap<>();
        for (String policy : options.policies()) {
            if (options.warmupHours() > 0) {
                // Thrown away: only the JIT keeps something of it (the workload is read, never changed).
                SimOptions warmup = options.forWarmup();
                new Simulation(Workload.generate(warmup), scheduler(policy), warmup, policy.equals("fairshare")).run();
            }
            // The fair-share policy reads the queue indexed, as a server keeping it between passes would.
            RunReport report = new Simulation(workload, scheduler(policy), options, policy.equals("fairshare")).run();
            reports.put(policy, report);
            out.println(policy + ": " + report);
        }
        StringBuilder json = new StringBuilder("{\"config\":{")
                .append("\"tenants\":")
                .append(options.tenants())
                .append(",\"pools\":")
                .append(options.pools())
                .append(",\"gpus\":")
                .append(workload.totalGpus())
                .append(",\"waiting\":")
                .append(options.waiting())
                .append(",\"trials\":")
                .append(workload.arrivals().size())
                .append(",\"seed\":")
                .append(options.seed())
                .append(",")
                .append(RunReport.field("hours", options.hours()))
                .append(",")
                .append(RunReport.field("load", options.load()))
                .append(",\"interval_s\":")
                .append(options.interval())
                .append(",")
                .append(RunReport.field("nominal", options.nominal()))
                .append(",\"max_gpus\":")
                .append(options.maxGpus())
                .append(",\"heads_first\":")
                .append(options.headsFirst())
                .append(",\"backfill\":")
                .append(options.backfill())
                .append(",\"fair_share_preemption\":")
                .append(options.fairSharePreemption())
                .append(",")
                .append(RunReport.field("past_usage_weight", options.pastUsageWeight()))
                .append(",")
                .append(RunReport.field("debt_weight", options.debtWeight()))
                .append(",")
                .append(RunReport.field("half_life_hours", options.halfLifeHours()))
                .append(",\"bound_hours\":")
                .append(options.boundHours())
                .append(",")
                .append(RunReport.field("warmup_hours", options.warmupHours()))
                .append(",\"lend_held\":")
                .append(options.lendHeld())
                .append(",\"above_share_on_loan\":")
                .append(options.aboveShareOnLoan())
                .append(",")
                .append(RunReport.field("runtime_estimate_quantile", options.estimateQuantile()))
                .append("},\"policies\":{");
        String separator = "";
        for (Map.Entry<String, RunReport> e : reports.entrySet()) {
            json.append(separator)
                    .append('"')
                    .append(e.getKey())
                    .append("\":")
                    .append(e.getValue().toJson());
            separator = ",";
        }
        out.println(json.append("}}"));
    }

    private static Scheduler scheduler(String policy) {
        return switch (policy) {
            // Kept across the run as a server keeps it: the tenant order carries over (ADR 0018).
            case "fairshare" -> new FairShareSession();
            case "fifo" -> new FifoScheduler();
            case "maxmin" -> new MaxMinScheduler();
            default -> throw new IllegalArgumentException("unknown policy " + policy);
        };
    }
}
