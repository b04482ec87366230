package dev.sibyl.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.TestArchives;
import dev.sibyl.server.testing.TestPluginJars;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.tuner.sandbox.verify.TestJars;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tenant plugins drive real experiments: the sample plugin of docs/examples/sample-tuner, uploaded through the API,
 * runs examples/quadratic to the end on the local pool from a sandboxed host; a plugin that loops is stopped at
 * its per-call deadline and only its own experiment stops, with an error naming the plugin and the limit; another
 * tenant cannot name the plugin.
 */
@QuarkusTest
class PluginExperimentTest {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Inject
    ApiTokens tokens;

    @Inject
    PluginHosts hosts;

    private static ExtractableResponse<Response> upload(TestTenant t, String token, byte[] jar, String name) {
        return t.as(token)
                .multiPart("jar", "plugin.jar", jar, "application/java-archive")
                .multiPart("kind", "tuner")
                .multiPart("name", name)
                .multiPart("version", "1.0.0")
                .post(t.path("/plugins"))
                .then()
                .extract();
    }

    private static String quadratic(String tuner, String classArgs, int trials) {
        return TestArchives.exampleText("quadratic", "config.yml")
                .replace("maxTrialNumber: 20", "maxTrialNumber: " + trials)
                .replace("trialConcurrency: 4", "trialConcurrency: 3")
                .replace(
                        "  name: TPE\n  classArgs:\n    optimize_mode: maximize\n",
                        "  name: " + tuner + "\n  classArgs:\n" + classArgs);
    }

    private static ExtractableResponse<Response> submit(TestTenant t, String token, String config) {
        return submit(t, token, config, TestArchives.example("quadratic"));
    }

    private static ExtractableResponse<Response> submit(
            TestTenant t, String token, String config, Map<String, byte[]> code) {
        return t.as(token)
                .multiPart("config", config)
                .multiPart("code", "code.tar.gz", TestArchives.tarGz(code), "application/gzip")
                .post(t.experiments())
                .then()
                .extract();
    }

    private static String awaitStatus(TestTenant t, String token, String id, List<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            status =
                    t.as(token).get(t.experiments() + "/" + id).then().extract().path("status");
            if (wanted.contains(status)) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("experiment " + id + " is " + status + ", not " + wanted + ", after " + RUN_TIMEOUT);
    }

    private static List<Map<String, Object>> trials(TestTenant t, String token, String id) {
        return t.as(token)
                .get(t.experiments() + "/" + id + "/trials")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    @Test
    void theUploadedSamplePluginDrivesTheQuadraticExampleToDoneFromAPooledHost() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        ExtractableResponse<Response> uploaded = upload(acme, member, TestPluginJars.acceptable(), "local-search");
        assertThat(uploaded.statusCode()).as(uploaded.asString()).isEqualTo(201);
        assertThat(uploaded.<String>path("factory")).isEqualTo("SampleLocalSearch");

        ExtractableResponse<Response> created =
                submit(acme, member, quadratic("local-search", "    optimize_mode: maximize\n    warmup: 4\n", 12));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.path("id");
        assertThat(awaitStatus(acme, member, id, List.of("DONE", "ERROR", "STOPPED")))
                .as(acme.as(member).get(acme.experiments() + "/" + id).asString())
                .isEqualTo("DONE");

        List<Map<String, Object>> trials = trials(acme, member, id);
        assertThat(trials).hasSize(12);
        assertThat(trials).extracting(t -> t.get("status")).containsOnly("SUCCEEDED");
        for (Map<String, Object> trial : trials) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) trial.get("parameters");
            assertThat(p.keySet()).containsExactlyInAnyOrder("x", "y", "shape", "steps");
            assertThat(((Number) p.get("x")).doubleValue()).isBetween(-5.0, 5.0);
            double y = ((Number) p.get("y")).doubleValue();
            assertThat(y).isBetween(-3.0, 3.0);
            assertThat(y * 2).as("y on its q-grid of 0.5").isEqualTo(Math.rint(y * 2));
            assertThat(p.get("shape")).isIn("bowl", "ridge");
            assertThat(((Number) p.get("steps")).intValue()).isBetween(3, 7);
            assertThat(trial.get("finalMetric")).isNotNull();
        }
        // The validation and the driver shared one host, given back to the pool for the tenant's next session.
        assertThat(hosts.hosts(acme.id())).isEqualTo(1);

        TestTenant other = TestTenants.create(tokens);
        String stranger = other.token(Role.MEMBER);
        ExtractableResponse<Response> foreign =
                submit(other, stranger, quadratic("local-search", "    optimize_mode: maximize\n", 2));
        assertThat(foreign.statusCode()).as(foreign.asString()).isEqualTo(400);
        assertThat(foreign.jsonPath().getList("errors.field")).contains("tuner.name");
        assertThat(foreign.asString()).contains("unknown tuner 'local-search'");
        assertThat(hosts.hosts(other.id())).isZero();
    }

    @Test
    void settingsThePluginRefusesAreA400NamingTheFieldAndAPinnedVersionIsAccepted() {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        assertThat(upload(acme, member, TestPluginJars.acceptable(), "searcher").statusCode())
                .isEqualTo(201);

        ExtractableResponse<Response> refused =
                submit(acme, member, quadratic("searcher", "    optimize_mode: maximize\n    warmup: 0\n", 4));
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("errors.field")).contains("tuner.classArgs.warmup");

        ExtractableResponse<Response> pinned =
                submit(acme, member, quadratic("searcher@1.0.0", "    optimize_mode: maximize\n", 2));
        assertThat(pinned.statusCode()).as(pinned.asString()).isEqualTo(201);
        acme.as(member)
                .post(acme.experiments() + "/" + pinned.<String>path("id") + "/stop")
                .then()
                .statusCode(200);
    }

    @Test
    void aPluginThatLoopsIsStoppedAtItsDeadlineAndOnlyItsOwnExperimentStops() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        ExtractableResponse<Response> uploaded = upload(acme, member, loopingPlugin(), "looper");
        assertThat(uploaded.statusCode()).as(uploaded.asString()).isEqualTo(201);

        String looping = submit(acme, member, quadratic("looper", "    optimize_mode: maximize\n", 4))
                .path("id");
        String healthy = submit(acme, member, quadratic("Random", "    optimize_mode: maximize\n", 4))
                .path("id");

        assertThat(awaitStatus(acme, member, looping, List.of("ERROR", "DONE"))).isEqualTo("ERROR");
        String message = acme.as(member)
                .get(acme.experiments() + "/" + looping)
                .then()
                .extract()
                .path("message");
        assertThat(message).contains("plugin looper 1.0.0").contains("deadline of 10000 ms");
        assertThat(trials(acme, member, looping)).isEmpty();

        assertThat(awaitStatus(acme, member, healthy, List.of("DONE", "ERROR"))).isEqualTo("DONE");
        assertThat(trials(acme, member, healthy))
                .hasSize(4)
                .extracting(t -> t.get("status"))
                .containsOnly("SUCCEEDED");
        assertThat(hosts.hosts(acme.id())).as("the killed host is gone").isZero();
    }

    @Test
    void anAssessorPluginJudgesRunningTrialsFromItsHost() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        ExtractableResponse<Response> uploaded = acme.as(member)
                .multiPart("jar", "plugin.jar", stopBelowPlugin(), "application/java-archive")
                .multiPart("kind", "assessor")
                .multiPart("name", "stop-below")
                .multiPart("version", "1.0.0")
                .post(acme.path("/plugins"))
                .then()
                .extract();
        assertThat(uploaded.statusCode()).as(uploaded.asString()).isEqualTo(201);
        assertThat(uploaded.<String>path("factory")).isEqualTo("StopBelow");

        Map<String, byte[]> code = Map.of(
                "curve.py",
                String.join(
                                "\n",
                                "import time",
                                "import nni",
                                "params = nni.get_next_parameter()",
                                "good = params['quality'] == 'good'",
                                "for step in range(1, 11):",
                                "    nni.report_intermediate_result(1.0 if good else 0.1)",
                                "    time.sleep(0.05 if good else 0.5)",
                                "nni.report_final_result(1.0 if good else 0.1)",
                                "")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String config = String.join(
                "\n",
                "searchSpace:",
                "  quality: {_type: choice, _value: [good, bad]}",
                "trialCommand: python3 curve.py",
                "trialCodeDirectory: .",
                "trialConcurrency: 2",
                "maxTrialNumber: 2",
                "tuner:",
                "  name: GridSearch",
                "assessor:",
                "  name: stop-below",
                "  classArgs:",
                "    THRESHOLD",
                "trainingService:",
                "  platform: local",
                "");
        ExtractableResponse<Response> refused = submit(acme, member, config.replace("THRESHOLD", "limit: 0.5"), code);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("errors.field")).contains("assessor.classArgs.limit");

        ExtractableResponse<Response> created =
                submit(acme, member, config.replace("THRESHOLD", "threshold: 0.5"), code);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.path("id");
        assertThat(awaitStatus(acme, member, id, List.of("DONE", "ERROR"))).isEqualTo("DONE");
        Map<String, Map<String, Object>> byQuality = new LinkedHashMap<>();
        for (Map<String, Object> trial : trials(acme, member, id)) {
            byQuality.put(String.valueOf(((Map<?, ?>) trial.get("parameters")).get("quality")), trial);
        }
        assertThat(byQuality.get("good")).containsEntry("status", "SUCCEEDED");
        assertThat(byQuality.get("bad")).containsEntry("status", "EARLY_STOPPED");
        assertThat(((Number) byQuality.get("bad").get("intermediateCount")).intValue())
                .isBetween(2, 9);
    }

    /** An assessor plugin: stops a trial once it has two values and the last is below {@code threshold}. */
    private static byte[] stopBelowPlugin() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.compile(Map.of("com.acme.StopBelow", """
                package com.acme;
                import dev.sibyl.tuner.spi.*;
                import java.util.*;
                public final class StopBelow implements AssessorFactory {
                    public String name() { return "StopBelow"; }
                    public List<Violation> validate(Settings classArgs) {
                        List<Violation> out = new ArrayList<>();
                        for (String key : classArgs.asMap().keySet()) {
                            if (!key.equals("threshold")) {
                                out.add(new Violation("classArgs." + key, "unknown; only threshold"));
                            }
                        }
                        return out;
                    }
                    public Assessor create(Settings classArgs) {
                        double threshold = classArgs.getDouble("threshold", 0);
                        return (trial, history) -> {
                            List<Double> curve = trial.intermediate();
                            return curve.size() >= 2 && curve.get(curve.size() - 1) < threshold
                                    ? Assessor.Verdict.BAD
                                    : Assessor.Verdict.GOOD;
                        };
                    }
                }
                """)));
        entries.put("META-INF/services/dev.sibyl.tuner.spi.AssessorFactory", "com.acme.StopBelow\n".getBytes());
        Path dir = Files.createTempDirectory("stop-below");
        return Files.readAllBytes(TestJars.jar(dir, "stop-below", entries));
    }

    /** A tuner plugin whose ask never returns. */
    private static byte[] loopingPlugin() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.compile(Map.of("com.acme.Looper", """
                package com.acme;
                import dev.sibyl.tuner.spi.*;
                import dev.sibyl.tuner.spi.space.SearchSpace;
                import java.util.*;
                public final class Looper implements TunerFactory {
                    public String name() { return "Looper"; }
                    public List<Violation> validate(Settings classArgs, SearchSpace space) { return List.of(); }
                    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
                        return (history, count) -> {
                            long n = seed;
                            while (n != 0 || n == 0) { n = n * 31 + 7; }
                            return List.of();
                        };
                    }
                }
                """)));
        entries.put("META-INF/services/dev.sibyl.tuner.spi.TunerFactory", "com.acme.Looper\n".getBytes());
        Path dir = Files.createTempDirectory("looper");
        return Files.readAllBytes(TestJars.jar(dir, "looper", entries));
    }
}
