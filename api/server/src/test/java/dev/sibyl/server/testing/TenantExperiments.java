package dev.sibyl.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.TestTenants.TestTenant;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Experiments of a test tenant: a config in a few lines, submitting it with code, waiting for its end. */
public final class TenantExperiments {
    private static final List<String> ENDED = List.of("DONE", "ERROR", "STOPPED");

    private TenantExperiments() {}

    /** A new local-kind pool of one machine with {@code slots} trial slots, open to {@code tenant} only. */
    public static String privatePool(String tenant, int slots) {
        String name = "q-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "local",
                        "machines",
                        List.of(Map.of("id", "box", "slots", slots, "cpuMillis", 0, "memoryMb", 0)),
                        "allowedTenants",
                        List.of(tenant)))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(200);
        return name;
    }

    /** Python trial code: one file {@code work.py} with these lines. */
    public static Map<String, byte[]> pythonTrial(String... lines) {
        return Map.of("work.py", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A config running {@code python3 work.py} with a uniform {@code x} in [0, 1] and Random, whose last lines are
     * {@code extra} (the {@code trainingService} section, {@code objectives}, …).
     */
    public static String config(int concurrency, int maxTrials, String... extra) {
        List<String> lines = new ArrayList<>(List.of(
                "searchSpace:",
                "  x: {_type: uniform, _value: [0, 1]}",
                "trialCommand: python3 work.py",
                "trialCodeDirectory: .",
                "trialConcurrency: " + concurrency,
                "maxTrialNumber: " + maxTrials));
        lines.addAll(List.of(extra));
        if (lines.stream().noneMatch(l -> l.startsWith("tuner:"))) {
            lines.addAll(List.of("tuner:", "  name: Random"));
        }
        return String.join("\n", lines) + "\n";
    }

    /** Submits and answers the response, whatever its status. */
    public static ExtractableResponse<Response> post(
            TestTenant tenant, String token, String config, Map<String, byte[]> code) {
        return tenant.as(token)
                .multiPart("config", config)
                .multiPart("code", "code.tar.gz", TestArchives.tarGz(code), "application/gzip")
                .post(tenant.experiments())
                .then()
                .extract();
    }

    /** Submits and answers the new experiment's id. */
    public static String submit(TestTenant tenant, String token, String config, Map<String, byte[]> code) {
        ExtractableResponse<Response> created = post(tenant, token, config, code);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.path("id");
    }

    /** Waits up to three minutes for DONE, ERROR or STOPPED; answers the last status seen. */
    public static String awaitEnd(TestTenant tenant, String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String status = "";
        while (!ENDED.contains(status) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = tenant.as(token)
                    .get(tenant.experiments() + "/" + id)
                    .then()
                    .extract()
                    .path("status");
        }
        return status;
    }

    public static List<Map<String, Object>> trials(TestTenant tenant, String token, String id) {
        return tenant.as(token)
                .get(tenant.experiments() + "/" + id + "/trials")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }
}
