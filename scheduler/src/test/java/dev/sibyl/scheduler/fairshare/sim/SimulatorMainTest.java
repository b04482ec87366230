package dev.sibyl.scheduler.fairshare.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.scheduler.fairshare.WeightedMaxMin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {
    @Test
    @SuppressWarnings("unchecked")
    void printsEveryPolicySideBySideAsOneJsonObjectOnTheLastLine() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            SimulatorMain.main(new String[] {
                "--tenants", "3", "--pools", "1", "--waiting", "30", "--hours", "2", "--policy", "all", "--seed", "7"
            });
        } finally {
            System.setOut(original);
        }
        String[] lines = buffer.toString(StandardCharsets.UTF_8).strip().split("\n");
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(lines[lines.length - 1]);

        Map<String, Object> config = (Map<String, Object>) json.get("config");
        assertThat(config)
                .containsEntry("tenants", 3.0)
                .containsEntry("pools", 1.0)
                .containsEntry("gpus", 24.0);
        Map<String, Object> policies = (Map<String, Object>) json.get("policies");
        assertThat(policies).containsOnlyKeys("fairshare", "fifo", "maxmin");
        for (Object value : policies.values()) {
            Map<String, Object> run = (Map<String, Object>) value;
            assertThat((Double) run.get("utilisation")).isBetween(0.0, 1.0);
            assertThat((Double) run.get("jain_weighted")).isBetween(0.0, 1.0);
            assertThat((Double) run.get("admitted")).isPositive();
            assertThat(run).containsKeys("wait_s", "preemptions", "per_admit_ms_p50", "per_admit_ms_p99");
            assertThat((Double) run.get("loans_taken_back")).isBetween(0.0, (Double) run.get("preemptions"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWarmupRunChangesNoFigureButTheTimings() {
        String[] args = {"--tenants", "3", "--pools", "1", "--waiting", "30", "--hours", "3", "--policy", "all"};
        Map<String, Object> cold = lastJson(concat(args, "--warmup-hours", "0"));
        Map<String, Object> warm = lastJson(concat(args, "--warmup-hours", "1"));

        assertThat(((Map<String, Object>) warm.get("config")).get("warmup_hours"))
                .isEqualTo(1.0);
        Map<String, Object> coldPolicies = (Map<String, Object>) cold.get("policies");
        Map<String, Object> warmPolicies = (Map<String, Object>) warm.get("policies");
        for (String policy : List.of("fairshare", "fifo", "maxmin")) {
            Map<String, Object> a = new TreeMap<>((Map<String, Object>) coldPolicies.get(policy));
            Map<String, Object> b = new TreeMap<>((Map<String, Object>) warmPolicies.get(policy));
            a.keySet().removeIf(k -> k.contains("_ms_"));
            b.keySet().removeIf(k -> k.contains("_ms_"));
            assertThat(b).as(policy).isEqualTo(a);
        }
    }

    @Test
    void aBadFlagValueIsRefusedNamingTheFlag() {
        String[][] cases = {
            {"--tenants", "0", "--tenants must be positive"},
            {"--pools", "-1", "--pools must be positive"},
            {"--interval", "0", "--interval must be positive"},
            {"--load", "-1", "--load must be positive"},
            {"--waiting", "-5", "--waiting must not be negative"},
            {"--seed", "x", "--seed needs a number, not x"},
            {"--hours", "soon", "--hours needs a number, not soon"},
            {"--bounds", "1,x", "--bounds needs a number, not 1,x"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> SimOptions.parse(new String[] {c[0], c[1]}))
                    .as(c[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c[2]);
        }
    }

    @Test
    void theDefaultWarmupIsAQuarterOfAnHourOrNinetyIntervalsIfLonger() {
        assertThat(SimOptions.parse(new String[0]).warmupHours()).isEqualTo(0.25);
        assertThat(SimOptions.parse(new String[] {"--interval", "60"}).warmupHours())
                .isEqualTo(1.5);
        assertThat(SimOptions.parse(new String[] {"--interval", "60", "--warmup-hours", "0"})
                        .warmupHours())
                .isEqualTo(0.0);
        assertThatThrownBy(() -> SimOptions.parse(new String[] {"--warmup-hours", "-1"}))
                .hasMessageContaining("--warmup-hours");
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastJson(String[] args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SimulatorMain.run(SimOptions.parse(args), new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String[] lines = buffer.toString(StandardCharsets.UTF_8).strip().split("\n");
        return (Map<String, Object>) MiniJson.parse(lines[lines.length - 1]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void takesThePastUsageWeightAndHalfLifeFromFlagsAndReportsThem() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            SimulatorMain.main(new String[] {
                "--tenants",
                "3",
                "--pools",
                "1",
                "--waiting",
                "30",
                "--hours",
                "1",
                "--policy",
                "fairshare",
                "--past-usage-weight",
                "4",
                "--half-life",
                "8"
            });
        } finally {
            System.setOut(original);
        }
        String[] lines = buffer.toString(StandardCharsets.UTF_8).strip().split("\n");
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(lines[lines.length - 1]);
        assertThat((Map<String, Object>) json.get("config"))
                .containsEntry("past_usage_weight", 4.0)
                .containsEntry("half_life_hours", 8.0);
        // The fair-share defaults of ADR 0029: debts and past usage count, heads first.
        assertThat(SimOptions.parse(new String[0]))
                .extracting(
                        SimOptions::pastUsageWeight,
                        SimOptions::debtWeight,
                        SimOptions::headsFirst,
                        SimOptions::halfLifeHours)
                .containsExactly(1.0, 32.0, true, 2.0);
        assertThat(SimOptions.parse(new String[] {"--debt-weight", "2"}).debtWeight())
                .isEqualTo(2.0);
        assertThatThrownBy(() -> SimOptions.parse(new String[] {"--debt-weight", "-1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimOptions.parse(new String[] {"--half-life", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
        // Runtime estimates (ADR 0030): the median by default, a quantile or off by flag.
        assertThat(SimOptions.parse(new String[0]).estimateQuantile()).isEqualTo(0.5);
        assertThat(SimOptions.parse(new String[] {"--runtime-estimates", "0.9"}).estimateQuantile())
                .isEqualTo(0.9);
        assertThat(SimOptions.parse(new String[] {"--runtime-estimates", "off"}).estimateQuantile())
                .isZero();
        assertThatThrownBy(() -> SimOptions.parse(new String[] {"--runtime-estimates", "1.5"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat((Map<String, Object>) json.get("config")).containsEntry("runtime_estimate_quantile", 0.5);
        // Fair-share preemption (ADR 0031): on by default, off by flag.
        assertThat(SimOptions.parse(new String[0]).fairSharePreemption()).isTrue();
        assertThat(SimOptions.parse(new String[] {"--fair-share-preemption", "false"})
                        .fairSharePreemption())
                .isFalse();
        assertThat((Map<String, Object>) json.get("config")).containsEntry("fair_share_preemption", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void passBenchTimesTheFairSharePassOnTheSnapshotOfTheChosenPass() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SimOptions options = SimOptions.parse(new String[] {"--tenants", "3", "--pools", "1", "--waiting", "30"});

        PassBench.run(options, 5, 6, new PrintStream(buffer, true, StandardCharsets.UTF_8));

        Map<String, Object> json = (Map<String, Object>)
                MiniJson.parse(buffer.toString(StandardCharsets.UTF_8).strip());
        assertThat(json).containsEntry("pass", 5.0).containsKeys("admits", "running", "per_admit_cpu_ms");
        assertThat((Double) json.get("waiting")).isPositive();
        assertThat((Double) json.get("decide_cpu_ms")).isPositive();
    }

    @Test
    void weightedMaxMinCapsATenantAtItsDemandAndSharesTheRestByWeight() {
        double[] shares = WeightedMaxMin.shares(10, new double[] {1, 1, 2}, new double[] {1, 100, 100});
        assertThat(shares[0]).isEqualTo(1.0);
        assertThat(shares[1]).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(shares[2]).isEqualTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
