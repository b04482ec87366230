package dev.sibyl.scheduler.fairshare.sim;

import dev.sibyl.scheduler.fairshare.Admit;
import dev.sibyl.scheduler.fairshare.DecayedUsage;
import dev.sibyl.scheduler.fairshare.Decisions;
import dev.sibyl.scheduler.fairshare.FairShareDebts;
import dev.sibyl.scheduler.fairshare.Preempt;
import dev.sibyl.scheduler.fairshare.RunningLedger;
import dev.sibyl.scheduler.fairshare.RunningTrial;
import dev.sibyl.scheduler.fairshare.RuntimeEstimates;
import dev.sibyl.scheduler.fairshare.Scheduler;
import dev.sibyl.scheduler.fairshare.Settings;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.Tenant;
import dev.sibyl.scheduler.fairshare.WaitingQueue;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import dev.sibyl.scheduler.fairshare.WeightedMaxMin;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs one policy over a workload on a virtual clock (seconds). Every {@code interval} it
 * finishes trials past their end, queues new arrivals and, if anything changed, asks the policy
 * for decisions and carries them out. Preempted trials queue again and restart from scratch.
 */
final class Simulation {
    /** By default past usage counts as much as current share and halves every two hours. */
    private final Settings settings;

    private final DecayedUsage decay;

    /** CPU time as well as wall time: the machines this runs on are often shared. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** As the server's defaults (sibyl.scheduler.runtime-estimates.*). */
    private static final int ESTIMATE_WINDOW = 20;

    private static final int ESTIMATE_MIN_SAMPLES = 3;

    private record Started(RunningTrial trial, long endsAt) {}

    private final Workload workload;
    private final Scheduler scheduler;
    private final SimOptions options;
    private final Map<String, Workload.Arrival> arrivalsById = new HashMap<>();
    private final Map<String, Integer> tenantIndex = new HashMap<>();
    private final LinkedHashMap<String, WaitingTrial> waiting = new LinkedHashMap<>();
    /** The same trials, indexed as a server keeps them between passes; null for policies that read a plain list. */
    private final WaitingQueue queue;
    /** The running trials, indexed as a server keeps them between passes; null when {@link #queue} is. */
    private final RunningLedger ledger;

    private final Map<String, Long> queuedSince = new HashMap<>();
    private final Map<String, Started> running = new HashMap<>();
    private final PriorityQueue<Started> byEnd = new PriorityQueue<>((a, b) -> a.endsAt != b.endsAt
            ? Long.compare(a.endsAt, b.endsAt)
            : a.trial.id().compareTo(b.trial.id()));
    private final RunReport report;
    /** Per tenant, decayed integral of its GPU share over time (share-seconds). */
    private final double[] pastShareSeconds;

    private List<Tenant> tenants;
    /** Each tenant's fair-share debt, kept as a server keeps it (ADR 0029). */
    private final FairShareDebts debts;
    /** Runtimes of the trials that ended on their own, by experiment; null without estimates. */
    private final RuntimeEstimates estimates;

    private final List<String> tenantIds;
    /** Per tenant, when it last started a trial or had nothing waiting. */
    private final long[] lastServed;

    Simulation(Workload workload, Scheduler scheduler, SimOptions options, boolean keepsQueue) {
        this.queue = keepsQueue ? new WaitingQueue() : null;
        this.ledger = keepsQueue ? new RunningLedger() : null;
        this.workload = workload;
        this.scheduler = scheduler;
        this.options = options;
        this.settings = new Settings(
                300,
                3_600,
                options.pastUsageWeight(),
                options.headsFirst(),
                options.backfill(),
                options.fairSharePreemption(),
                options.lendHeld(),
                options.aboveShareOnLoan(),
                options.debtWeight());
        this.decay = new DecayedUsage(options.halfLifeHours() * 3_600);
        this.debts = new FairShareDebts(options.halfLifeHours() * 3_600);
        this.estimates = options.estimateQuantile() > 0
                ? new RuntimeEstimates(ESTIMATE_WINDOW, ESTIMATE_MIN_SAMPLES, options.estimateQuantile())
                : null;
        workload.arrivals().forEach(a -> arrivalsById.put(a.id(), a));
        for (int i = 0; i < workload.tenants().size(); i++) {
            tenantIndex.put(workload.tenants().get(i).id(), i);
        }
        this.report = new RunReport(workload.tenants().size());
        this.pastShareSeconds = new double[workload.tenants().size()];
        this.tenants = workload.tenants();
        this.tenantIds = workload.tenants().stream().map(Tenant::id).toList();
        this.lastServed = new long[workload.tenants().size()];
    }

    RunReport run() {
        long horizon = (long) (options.hours() * 3_600);
        List<Workload.Arrival> arrivals = workload.arrivals();
        int next = 0;
        for (long now = 0; now < horizon; now += options.interval()) {
            boolean changed = false;
            while (!byEnd.isEmpty() && byEnd.peek().endsAt <= now) {
                Started done = byEnd.poll();
                // A preempted run's end passes unnoticed: its rerun (same id) ends on its own.
                if (running.get(done.trial.id()) == done) {
                    running.remove(done.trial.id());
                    if (ledger != null) {
                        ledger.end(done.trial.id());
                    }
                    report.busy(done.trial.demand().gpus() * (double) (done.endsAt - done.trial.startedAt()));
                    report.completed++;
                    if (estimates != null) {
                        estimates.ended(done.trial.experiment(), done.endsAt - done.trial.startedAt());
                    }
                    changed = true;
                }
            }
            while (next < arrivals.size() && arrivals.get(next).at() <= now) {
                Workload.Arrival a = arrivals.get(next++);
                enqueue(a.waiting());
                queuedSince.put(a.id(), a.at());
                changed = true;
            }
            if (changed) {
                decide(now);
            }
            measureFairness(options.interval());
            measureStarvation(now);
        }
        for (Started s : running.values()) {
            report.busy(s.trial.demand().gpus() * (double) (horizon - s.trial.startedAt()));
        }
        long oldest = 0;
        long oldestGang = 0;
        for (WaitingTrial w : waiting.values()) {
            oldest = Math.max(oldest, horizon - queuedSince.get(w.id()));
            if (w.demand().gpus() > 1) {
                oldestGang = Math.max(oldestGang, horizon - queuedSince.get(w.id()));
            }
        }
        report.oldestGangStillWaiting(oldestGang);
        report.finish(workload.totalGpus() * (double) horizon, oldest, waiting.size());
        return report;
    }

    private void decide(long now) {
        List<RunningTrial> runningNow;
        if (ledger != null) {
            for (Started s : running.values()) {
                RunningTrial r = s.trial;
                ledger.progress(r.id(), progressAt(s, now));
            }
            runningNow = ledger.freeze();
        } else {
            runningNow = new ArrayList<>(running.size());
            for (Started s : running.values()) {
                RunningTrial r = s.trial;
                runningNow.add(r.withProgress(progressAt(s, now)));
            }
        }
        List<WaitingTrial> waitingNow = queue != null ? queue.freeze() : new ArrayList<>(waiting.values());
        Snapshot snapshot = new Snapshot(
                workload.pools(),
                tenants,
                waitingNow,
                runningNow,
                now,
                settings,
                estimates == null ? Map.of() : estimates.frozen());
        long started = System.nanoTime();
        long cpuStarted = CPU.getCurrentThreadCpuTime();
        Decisions d = scheduler.decide(snapshot);
        long cpu = CPU.getCurrentThreadCpuTime() - cpuStarted;
        long elapsed = System.nanoTime() - started;
        report.pass(elapsed, cpu, d.admits().size());
        for (Preempt p : d.preempts()) {
            Started s = running.remove(p.trial().id());
            if (ledger != null) {
                ledger.end(p.trial().id());
            }
            RunningTrial r = s.trial;
            report.busy(r.demand().gpus() * (double) (now - r.startedAt()));
            report.preempted(r.demand().gpus() * (double) (now - r.startedAt()));
            if (r.onLoan()) {
                report.loansTakenBack++;
            }
            Workload.Arrival a = arrivalsById.get(r.id());
            enqueue(a.waiting());
            queuedSince.put(r.id(), now);
        }
        for (Admit a : d.admits()) {
            WaitingTrial t = waiting.remove(a.trial().id());
            if (queue != null) {
                queue.remove(t);
            }
            Workload.Arrival arrival = arrivalsById.get(t.id());
            Started s = new Started(a.asRunning(now), now + arrival.duration());
            running.put(t.id(), s);
            byEnd.add(s);
            if (ledger != null) {
                ledger.start(s.trial);
            }
            int tenant = tenantIndex.get(t.tenant());
            report.waited(tenant, now - queuedSince.remove(t.id()), t.demand().gpus());
            lastServed[tenant] = now;
        }
    }

    private static double progressAt(Started s, long now) {
        RunningTrial r = s.trial;
        return Math.min(1, (double) (now - r.startedAt()) / Math.max(1, s.endsAt - r.startedAt()));
    }

    private void enqueue(WaitingTrial t) {
        waiting.put(t.id(), t);
        if (queue != null) {
            queue.add(t);
        }
    }

    /** The longest time any tenant had trials waiting without starting one. */
    private void measureStarvation(long now) {
        boolean[] waits = new boolean[lastServed.length];
        for (WaitingTrial w : waiting.values()) {
            waits[tenantIndex.get(w.tenant())] = true;
        }
        for (int i = 0; i < waits.length; i++) {
            if (waits[i]) {
                report.unserved(now - lastServed[i]);
            } else {
                lastServed[i] = now;
            }
        }
    }

    /** Weighted Jain index of allocation over ideal weighted max-min shares, tenants with demand only. */
    private void measureFairness(long seconds) {
        int n = workload.tenants().size();
        double[] weights = new double[n];
        double[] demand = new double[n];
        double[] allocated = new double[n];
        for (int i = 0; i < n; i++) {
            Tenant t = workload.tenants().get(i);
            weights[i] = t.weight();
        }
        for (Started s : running.values()) {
            int i = tenantIndex.get(s.trial.tenant());
            demand[i] += s.trial.demand().gpus();
            allocated[i] += s.trial.demand().gpus();
        }
        for (WaitingTrial w : waiting.values()) {
            demand[tenantIndex.get(w.tenant())] += w.demand().gpus();
        }
        double[] ideal = WeightedMaxMin.shares(workload.totalGpus(), weights, demand);
        report.fairness(allocated, ideal, seconds);
        // Past usage as a decayed average share: the integral divided by the decay's mean lifetime.
        double lifetime = decay.halfLife() / Math.log(2);
        debts.accrue(tenantIds, allocated, ideal, workload.totalGpus(), seconds);
        List<Tenant> updated = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pastShareSeconds[i] = decay.accumulate(pastShareSeconds[i], allocated[i] / workload.totalGpus(), seconds);
            Tenant t = workload.tenants().get(i);
            updated.add(new Tenant(t.id(), t.weight(), t.quotas(), pastShareSeconds[i] / lifetime, debts.debt(t.id())));
        }
        tenants = updated;
    }
}
