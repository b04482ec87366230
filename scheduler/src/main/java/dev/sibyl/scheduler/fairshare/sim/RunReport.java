package dev.sibyl.scheduler.fairshare.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What one simulated run measured, and its JSON form. */
final class RunReport {
    private final List<List<Long>> waitsByTenant = new ArrayList<>();
    private final List<Double> passMillis = new ArrayList<>();
    private final List<Double> perAdmitMillis = new ArrayList<>();
    private final List<Double> passCpuMillis = new ArrayList<>();
    private final List<Double> perAdmitCpuMillis = new ArrayList<>();
    private final double[] allocatedSeconds;
    private final double[] idealSeconds;
    private double busyGpuSeconds;
    private double jainTimeWeighted;
    private double fairnessSeconds;
    private double preemptedGpuSeconds;
    private double utilisation;
    /** Utilisation without the work of trials later preempted (it restarts from scratch). */
    private double goodput;

    private long oldestWaiting;
    private int stillWaiting;
    private long longestUnserved;
    /** Longest wait of a gang (multi-GPU) trial that started, and of one still waiting at the end. */
    private long gangWaitMax;

    private long oldestGangWaiting;
    private final List<Long> gangWaits = new ArrayList<>();
    int completed;
    int admitted;
    int preemptions;
    /** Preempted trials that ran on loan (taken back by a gang trial, ADR 0024 and 0030). */
    int loansTakenBack;

    RunReport(int tenants) {
        for (int i = 0; i < tenants; i++) {
            waitsByTenant.add(new ArrayList<>());
        }
        allocatedSeconds = new double[tenants];
        idealSeconds = new double[tenants];
    }

    void busy(double gpuSeconds) {
        busyGpuSeconds += gpuSeconds;
    }

    void preempted(double gpuSeconds) {
        preemptions++;
        preemptedGpuSeconds += gpuSeconds;
    }

    void waited(int tenant, long seconds, int gpus) {
        if (gpus > 1) {
            gangWaitMax = Math.max(gangWaitMax, seconds);
            gangWaits.add(seconds);
        }
        admitted++;
        waitsByTenant.get(tenant).add(seconds);
    }

    void pass(long nanos, long cpuNanos, int admits) {
        double millis = nanos / 1e6;
        double cpuMillis = cpuNanos / 1e6;
        passMillis.add(millis);
        passCpuMillis.add(cpuMillis);
        if (admits > 0) {
            perAdmitMillis.add(millis / admits);
            perAdmitCpuMillis.add(cpuMillis / admits);
        }
    }

    void fairness(double[] allocated, double[] ideal, long seconds) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int i = 0; i < ideal.length; i++) {
            if (ideal[i] > 0) {
                double x = allocated[i] / ideal[i];
                sum += x;
                squares += x * x;
                n++;
                allocatedSeconds[i] += allocated[i] * seconds;
                idealSeconds[i] += ideal[i] * seconds;
            }
        }
        if (n > 0) {
            jainTimeWeighted += (squares == 0 ? 0 : sum * sum / (n * squares)) * seconds;
            fairnessSeconds += seconds;
        }
    }

    void oldestGangStillWaiting(long seconds) {
        oldestGangWaiting = seconds;
    }

    void unserved(long seconds) {
        longestUnserved = Math.max(longestUnserved, seconds);
    }

    void finish(double capacityGpuSeconds, long oldestWaitingSeconds, int waitingAtEnd) {
        utilisation = busyGpuSeconds / capacityGpuSeconds;
        goodput = (busyGpuSeconds - preemptedGpuSeconds) / capacityGpuSeconds;
        oldestWaiting = oldestWaitingSeconds;
        stillWaiting = waitingAtEnd;
    }

    double utilisation() {
        return utilisation;
    }

    double jain() {
        return fairnessSeconds == 0 ? 1 : jainTimeWeighted / fairnessSeconds;
    }

    /** Jain over whole-run GPU-seconds against whole-run ideal GPU-seconds. */
    double jainLongRun() {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int i = 0; i < idealSeconds.length; i++) {
            if (idealSeconds[i] > 0) {
                double x = allocatedSeconds[i] / idealSeconds[i];
                sum += x;
                squares += x * x;
                n++;
            }
        }
        return n == 0 || squares == 0 ? 1 : sum * sum / (n * squares);
    }

    private String ratios() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < idealSeconds.length; i++) {
            b.append(i == 0 ? "" : " ")
                    .append(String.format(
                            Locale.ROOT, "%.2f", idealSeconds[i] == 0 ? 0 : allocatedSeconds[i] / idealSeconds[i]));
        }
        return b.append("]").toString();
    }

    static double percentile(List<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted =
                values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    String toJson() {
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        long maxWait = 0;
        int served = 0;
        for (List<Long> waits : waitsByTenant) {
            if (!waits.isEmpty()) {
                served++;
                p50s.add(percentile(waits, 50));
                p99s.add(percentile(waits, 99));
                maxWait = Math.max(
                        maxWait, waits.stream().mapToLong(Long::longValue).max().orElse(0));
            }
        }
        return "{"
                + field("utilisation", utilisation) + ","
                + field("goodput", goodput) + ","
                + field("jain_weighted", jain()) + ","
                + field("jain_weighted_long_run", jainLongRun()) + ","
                + "\"wait_s\":{"
                + field("tenant_p50_median", percentile(p50s, 50)) + ","
                + field("tenant_p50_max", percentile(p50s, 100)) + ","
                + field("tenant_p99_median", percentile(p99s, 50)) + ","
                + field("tenant_p99_max", percentile(p99s, 100)) + ","
                + "\"max\":" + maxWait + ","
                + "\"oldest_still_waiting\":" + oldestWaiting + ","
                + "\"longest_tenant_gap\":" + longestUnserved + ","
                + field("gang_p50", percentile(gangWaits, 50)) + ","
                + field("gang_p99", percentile(gangWaits, 99)) + ","
                + "\"gang_max\":" + gangWaitMax + ","
                + "\"oldest_gang_still_waiting\":" + oldestGangWaiting
                + "},"
                + "\"tenants_served\":" + served + ","
                + "\"admitted\":" + admitted + ","
                + "\"completed\":" + completed + ","
                + "\"still_waiting\":" + stillWaiting + ","
                + "\"preemptions\":" + preemptions + ","
                + "\"loans_taken_back\":" + loansTakenBack + ","
                + field("preempted_gpu_hours", preemptedGpuSeconds / 3_600) + ","
                + "\"passes\":" + passMillis.size() + ","
                + field("pass_ms_p50", percentile(passMillis, 50)) + ","
                + field("pass_ms_p99", percentile(passMillis, 99)) + ","
                + field("per_admit_ms_p50", percentile(perAdmitMillis, 50)) + ","
                + field("per_admit_ms_p99", percentile(perAdmitMillis, 99)) + ","
                + field("pass_cpu_ms_p50", percentile(passCpuMillis, 50)) + ","
                + field("pass_cpu_ms_p99", percentile(passCpuMillis, 99)) + ","
                + field("per_admit_cpu_ms_p50", percentile(perAdmitCpuMillis, 50)) + ","
                + field("per_admit_cpu_ms_p99", percentile(perAdmitCpuMillis, 99))
                + "}";
    }

    static String field(String name, double value) {
        return "\"" + name + "\":" + String.format(Locale.ROOT, "%.4f", value);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "utilisation %.3f (goodput %.3f), weighted Jain %.4f (long-run %.4f), %d preemptions, %d admitted, per-admit p99 %.3f ms (CPU %.3f ms), pass p99 %.1f ms (CPU %.1f ms), oldest waiting %d s (gang %d s, started gang max %d s), longest gap between starts of a tenant with demand %d s; tenant allocation/ideal %s",
                utilisation,
                goodput,
                jain(),
                jainLongRun(),
                preemptions,
                admitted,
                percentile(perAdmitMillis, 99),
                percentile(perAdmitCpuMillis, 99),
                percentile(passMillis, 99),
                percentile(passCpuMillis, 99),
                oldestWaiting,
                oldestGangWaiting,
                gangWaitMax,
                longestUnserved,
                ratios());
    }
}
