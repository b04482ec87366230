package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the end-to-end scheduling tests share: the local pool (four trial slots in their profiles), experiments
 * whose trials sleep a given time, and the scheduler's view of two experiments taken from the database.
 */
final class FourSlotPool {
    static final String CONFIG = String.join(
            "\n",
            "searchSpace:",
            "  x: {_type: uniform, _value: [0, 1]}",
            "trialCommand: python3 work.py",
            "trialCodeDirectory: .",
            "trialConcurrency: 4",
            "maxTrialNumber: 10",
            "tuner:",
            "  name: Random",
            "trainingService:",
            "  platform: local",
            "");

    static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join(
                            "\n",
                            "import time",
                            "import nni",
                            "nni.get_next_parameter()",
                            "import sys",
                            "import random",
                            "time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else random.uniform(2.0, 3.0))",
                            "nni.report_final_result(1.0)",
                            "")
                    .getBytes(StandardCharsets.UTF_8));

    /** Trials holding a slot, and trials waiting for one, of each tenant's experiment. */
    record Sample(int heavy, int light, int heavyWaiting, int lightWaiting) {}

    static String config(int concurrency, int trials, double seconds) {
        return CONFIG.replace("trialConcurrency: 4", "trialConcurrency: " + concurrency)
                .replace("maxTrialNumber: 10", "maxTrialNumber: " + trials)
                .replace(
                        "trialCommand: python3 work.py",
                        "trialCommand: python3 work.py " + (seconds < 0 ? "" : seconds));
    }

    Sample awaitSample(java.util.function.Predicate<Sample> wanted, String first, String second, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Sample s = sample(first, second);
        while (!wanted.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = sample(first, second);
        }
        assertThat(wanted.test(s)).as(what + ": " + s).isTrue();
        return s;
    }

    /**
     * Experiments other tests left running (or in ERROR with trials in flight) would hold slots of this small pool:
     * stop them, trials and all, as a user would.
     */
    void stopEverythingElse() {
        List<?> ids = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery("select id from experiments where status in ('INITIALIZED',"
                                + " 'RUNNING', 'NO_MORE_TRIAL', 'TUNER_NO_MORE_TRIAL', 'STOPPING', 'ERROR')")
                        .getResultList());
        ids.forEach(id -> drivers.stop((String) id));
    }

    /** The scheduler's view: trials holding a placement, and trials waiting for one, per experiment. */
    Sample sample(String heavyExperiment, String lightExperiment) {
        List<?> rows = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery(
                                "select experiment_id, placement is not null, count(*) from trials"
                                        + " where experiment_id in (?1, ?2) and status in ('WAITING', 'RUNNING')"
                                        + " group by experiment_id, placement is not null")
                        .setParameter(1, heavyExperiment)
                        .setParameter(2, lightExperiment)
                        .getResultList());
        int[] counts = new int[4];
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            int index = (heavyExperiment.equals(r[0]) ? 0 : 1) + (Boolean.TRUE.equals(r[1]) ? 0 : 2);
            counts[index] = ((Number) r[2]).intValue();
        }
        return new Sample(counts[0], counts[1], counts[2], counts[3]);
    }

    static String submit(TestTenant t, String token, String config) {
        return TenantExperiments.submit(t, token, config, CODE);
    }

    /**
     * The samples {@code keep} accepts, taken every {@code pauseMillis} for {@code span} or until there are
     * {@code enough} of them.
     */
    List<Sample> samples(
            String first, String second, Duration span, int enough, long pauseMillis, Predicate<Sample> keep)
            throws InterruptedException {
        List<Sample> kept = new ArrayList<>();
        long until = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < until && kept.size() < enough) {
            Sample s = sample(first, second);
            if (keep.test(s)) {
                kept.add(s);
            }
            Thread.sleep(pauseMillis);
        }
        return kept;
    }

    /** The average slots the first (heavy) and second (light) experiments held over {@code samples}. */
    static double[] averageSlots(List<Sample> samples) {
        return new double[] {
            samples.stream().mapToInt(Sample::heavy).average().orElseThrow(),
            samples.stream().mapToInt(Sample::light).average().orElseThrow()
        };
    }

    static void stop(TestTenant t, String token, String id) {
        t.as(token).post(t.experiments() + "/" + id + "/stop").then().statusCode(200);
    }

    private final EntityManager entities;
    private final DriverSupervisor drivers;

    FourSlotPool(EntityManager entities, DriverSupervisor drivers) {
        this.entities = entities;
        this.drivers = drivers;
    }
}
