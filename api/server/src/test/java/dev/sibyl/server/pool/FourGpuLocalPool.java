package dev.sibyl.server.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local pool as the end-to-end lending tests declare it through the admin API: this machine with four GPUs
 * (0-3) and eight trial slots (`nvidia-smi` finds none on a test machine; declared pools are kept as sent), and put
 * back as discovered afterwards. Trials are real local processes that sleep and report how many GPUs they were
 * given ({@code CUDA_VISIBLE_DEVICES}).
 */
final class FourGpuLocalPool {
    static final List<Integer> GPUS = List.of(0, 1, 2, 3);
    static final int SLOTS = 8;

    private static final String CONFIG = String.join(
            "\n",
            "searchSpace:",
            "  x: {_type: uniform, _value: [0, 1]}",
            "trialCommand: python3 work.py SECONDS",
            "trialCodeDirectory: .",
            "trialGpuNumber: GPUS",
            "trialConcurrency: CONCURRENCY",
            "maxTrialNumber: TRIALS",
            "tuner:",
            "  name: Random",
            "trainingService:",
            "  platform: local",
            "  useActiveGpu: false",
            "");
    /** Sleeps, then reports how many GPUs it was given. */
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join(
                            "\n",
                            "import os",
                            "import sys",
                            "import time",
                            "import nni",
                            "nni.get_next_parameter()",
                            "time.sleep(float(sys.argv[1]))",
                            "devices = [d for d in os.environ.get('CUDA_VISIBLE_DEVICES', '').split(',') if d]",
                            "nni.report_final_result(len(devices))",
                            "")
                    .getBytes(StandardCharsets.UTF_8));

    private PoolEntity discovered;

    /** Declares the pool with four GPUs, remembering it as discovered. */
    void declare() {
        discovered = QuarkusTransaction.requiringNew().call(() -> PoolEntity.<PoolEntity>findById(PoolService.LOCAL));
        PoolMachine machine = discovered.machines.get(0);
        Api.admin()
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "local",
                        "machines",
                        List.of(Map.of(
                                "id",
                                machine.id(),
                                "slots",
                                SLOTS,
                                "cpuMillis",
                                machine.cpuMillis(),
                                "memoryMb",
                                machine.memoryMb(),
                                "gpuIndices",
                                GPUS))))
                .put("/api/v1/pools/" + PoolService.LOCAL)
                .then()
                .statusCode(200);
    }

    /** Puts the discovered local pool back, so later test classes (and server starts) discover it again. */
    void restore() {
        if (discovered == null) {
            return;
        }
        PoolEntity before = discovered;
        QuarkusTransaction.requiringNew().run(() -> {
            PoolEntity local = PoolEntity.findById(PoolService.LOCAL);
            local.kind = before.kind;
            local.machines = before.machines;
            local.allowedTenants = before.allowedTenants;
            local.labels = before.labels;
            local.connection = before.connection;
            local.discovered = before.discovered;
        });
    }

    /** An experiment of {@code trials} trials of {@code gpus} GPUs each that sleep {@code seconds}. */
    static String config(int gpus, int concurrency, int trials, double seconds) {
        return CONFIG.replace("SECONDS", String.valueOf(seconds))
                .replace("GPUS", String.valueOf(gpus))
                .replace("CONCURRENCY", String.valueOf(concurrency))
                .replace("TRIALS", String.valueOf(trials));
    }

    /** Experiments other tests left running would hold GPUs or slots of the pool: stop them, as a user would. */
    static void stopEverythingElse(EntityManager entities, DriverSupervisor drivers) {
        List<?> ids = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery("select id from experiments where status in ('INITIALIZED',"
                                + " 'RUNNING', 'NO_MORE_TRIAL', 'TUNER_NO_MORE_TRIAL', 'STOPPING', 'ERROR')")
                        .getResultList());
        ids.forEach(id -> drivers.stop((String) id));
    }

    static String submit(TestTenant t, String token, String config) {
        return TenantExperiments.submit(t, token, config, CODE);
    }

    static boolean isDone(TestTenant t, String token, String id) {
        return "DONE"
                .equals(t.as(token)
                        .get(t.experiments() + "/" + id)
                        .then()
                        .extract()
                        .path("status"));
    }

    /** A timestamp column as the JDBC driver returns it; null stays null. */
    static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return (Instant) value;
    }

    /** A trial's {@code placement} JSON; null stays null. */
    static JsonNode tree(ObjectMapper json, String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The GPU indices a placement gives its trial. */
    static List<Integer> placedGpus(JsonNode placement) {
        List<Integer> gpus = new ArrayList<>();
        placement.path("gpus").forEach(g -> gpus.add(g.asInt()));
        return gpus;
    }
}
