package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.Decisions;
import dev.sibyl.scheduler.fairshare.FairShareScheduler;
import dev.sibyl.scheduler.fairshare.Scheduler;
import dev.sibyl.scheduler.fairshare.Snapshot;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The fair-share pass alone, warm: simulates the workload up to pass {@code --pass} (default 40), then
 * decides {@code --repeat} times (default 300, in 3 rounds) on that pass's snapshot and prints CPU time
 * per decision and per admitted trial as one JSON line. Takes the simulator's flags too; see
 * {@code docs/benchmarks/scheduler.md}.
 */
public final class PassBench {
    private PassBench() {}

    /** Stops the simulation once the snapshot to measure has been seen. */
    private static final class Captured extends RuntimeException {
        final transient Snapshot snapshot;

        Captured(Snapshot snapshot) {
            super(null, null, false, false);
            this.snapshot = snapshot;
        }
    }

    public static void main(String[] args) {
        int pass = 40;
        int repeat = 300;
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pass") && i + 1 < args.length) {
                pass = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--repeat") && i + 1 < args.length) {
                repeat = Integer.parseInt(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        if (pass < 1 || repeat < 3) {
            System.err.println("--pass must be at least 1 and --repeat at least 3");
            System.exit(2);
        }
        run(SimOptions.parse(rest.toArray(new String[0])), pass, repeat, System.out);
    }

    static void run(SimOptions options, int pass, int repeat, PrintStream out) {
        FairShareScheduler scheduler = new FairShareScheduler();
        int[] seen = {0};
        Scheduler capturing = snapshot -> {
            if (++seen[0] == pass) {
                throw new Captured(snapshot);
            }
            return scheduler.decide(snapshot);
        };
        Snapshot snapshot;
        try {
            new Simulation(Workload.generate(options), capturing, options, true).run();
            throw new IllegalArgumentException("the run has fewer than " + pass + " passes; lower --pass");
        } catch (Captured c) {
            snapshot = c.snapshot;
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        int admits = 0;
        for (int round = 0; round < 3; round++) {
            long started = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < repeat / 3; i++) {
                Decisions d = scheduler.decide(snapshot);
                admits = d.admits().size();
            }
            best = Math.min(best, (cpu.getCurrentThreadCpuTime() - started) / 1e6 / (repeat / 3));
        }
        out.println(String.format(
                Locale.ROOT,
                "{\"pass\":%d,\"waiting\":%d,\"running\":%d,\"admits\":%d,\"decide_cpu_ms\":%.3f,\"per_admit_cpu_ms\":%.3f}",
                pass,
                snapshot.waiting().size(),
                snapshot.running().size(),
                admits,
                best,
                admits == 0 ? best : best / admits));
    }
}
