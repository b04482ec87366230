package dev.sibyl.server.pool;

import static dev.sibyl.server.testing.TenantExperiments.awaitEnd;
import static dev.sibyl.server.testing.TenantExperiments.trials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestArchives;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.trainers.remote.SshTestServer;
import dev.sibyl.trainers.remote.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NNI's {@code platform: remote} end to end against two real SSH servers (Apache SSHD on loopback ports, running
 * real processes): the machine list becomes a pool private to the experiment, the scheduler spreads trials over
 * both machines, results arrive, and the machines' password appears nowhere the API shows or the database keeps.
 */
@QuarkusTest
class RemotePoolTest {
    /** The repository's NNI example, unchanged: intermediate and final results through {@code import nni}. */
    private static final Map<String, byte[]> CODE = TestArchives.example("quadratic");

    @TempDir
    static Path temp;

    private static SshTestServer first;
    private static SshTestServer second;

    @Inject
    ApiTokens tokens;

    @Inject
    DataSource dataSource;

    @Inject
    PoolHealth poolHealth;

    @BeforeAll
    static void startMachines() throws IOException {
        var key = TestKeys.generate().getPublic();
        first = new SshTestServer(temp.resolve("machine-1"), key, null);
        second = new SshTestServer(temp.resolve("machine-2"), key, null);
    }

    @AfterAll
    static void stopMachines() throws IOException {
        first.close();
        second.close();
    }

    @Test
    void theQuadraticExampleRunsOnBothMachinesThroughTheFileChannelAndThePasswordIsNeverShownOrStored()
            throws Exception {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);

        String id = submit(tenant, token, SshTestServer.PASSWORD, 4, 8)
                .statusCode(201)
                .extract()
                .path("id");
        String status = awaitEnd(tenant, token, id);

        assertThat(status).isEqualTo("DONE");
        List<Map<String, Object>> trials = trials(tenant, token, id);
        // the machines cannot reach the server (httpChannel: false): every metric came back over SFTP
        assertThat(trials).hasSize(8).allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("SUCCEEDED");
            assertThat(t.get("finalMetric")).isNotNull();
            assertThat((Integer) t.get("intermediateCount")).isGreaterThanOrEqualTo(3);
        });
        assertThat(ranThere(first.home(), id)).as("machine 1 ran trials").isTrue();
        assertThat(ranThere(second.home(), id)).as("machine 2 ran trials").isTrue();

        String experiment = tenant.as(token)
                .get(tenant.experiments() + "/" + id)
                .then()
                .extract()
                .asString();
        assertThat(experiment).doesNotContain(SshTestServer.PASSWORD).contains("********");
        assertThat(tenant.as(token).get(tenant.experiments()).then().extract().asString())
                .doesNotContain(SshTestServer.PASSWORD);
        assertThat(tenant.as(token)
                        .get(tenant.experiments() + "/" + id + "/trials")
                        .then()
                        .extract()
                        .asString())
                .doesNotContain(SshTestServer.PASSWORD);
        assertThat(tenant.as(token)
                        .get(tenant.experiments() + "/" + id + "/export")
                        .then()
                        .extract()
                        .asString())
                .doesNotContain(SshTestServer.PASSWORD);
        assertThat(Api.admin().get("/api/v1/pools").then().extract().asString())
                .doesNotContain(SshTestServer.PASSWORD)
                .contains("exp-" + id);
        assertThat(stored("select config::text from experiments where id = ?", id))
                .doesNotContain(SshTestServer.PASSWORD)
                .contains("sealed:v1:");
        assertThat(stored("select connection::text from pools where name = ?", "exp-" + id))
                .doesNotContain(SshTestServer.PASSWORD);
        Map<String, Object> health = Api.admin()
                .get("/api/v1/pools/exp-" + id + "/health")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
        assertThat(health)
                .hasSize(2)
                .allSatisfy((machine, h) ->
                        assertThat(((Map<?, ?>) h).get("reachable")).isEqualTo(true));

        // The experiment has ended: the periodic probe no longer contacts its machines (the admin's probe above,
        // asked for explicitly, still does). A probe would have moved the machines' lastContact.
        String probed = stored("select health::text from pools where name = ?", "exp-" + id);
        poolHealth.probeAll();
        assertThat(stored("select health::text from pools where name = ?", "exp-" + id))
                .isEqualTo(probed);
    }

    @Test
    void aWrongPasswordFailsTrialsAsAnAuthenticationFailureNotAHang() throws Exception {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);

        String id = submit(tenant, token, "not-the-password", 1, 1)
                .statusCode(201)
                .extract()
                .path("id");
        awaitEnd(tenant, token, id);

        assertThat(trials(tenant, token, id)).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("FAILED");
            assertThat(String.valueOf(t.get("message")).toLowerCase())
                    .containsAnyOf("auth", "credential", "refused")
                    .doesNotContain("not-the-password");
        });
    }

    /** A trial slow enough to lose its machine halfway: three intermediate results over 3 s, then 5 s more. */
    private static final Map<String, byte[]> SLOW_CODE = Map.of(
            "trial.py",
            String.join(
                            "\n",
                            "import time",
                            "import nni",
                            "params = nni.get_next_parameter()",
                            "for step in range(3):",
                            "    time.sleep(1)",
                            "    nni.report_intermediate_result(step)",
                            "time.sleep(5)",
                            "nni.report_final_result(params['x'])",
                            "")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "search_space.json",
            "{\"x\": {\"_type\": \"choice\", \"_value\": [1, 2, 3, 4]}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void trialsOfAMachineThatStaysUnreachableAreQueuedAgainOnTheOtherMachineWithTheReasonShown() throws Exception {
        var key = TestKeys.generate().getPublic();
        try (SshTestServer stays = new SshTestServer(temp.resolve("stays"), key, null);
                SshTestServer goes = new SshTestServer(temp.resolve("goes"), key, null)) {
            TestTenant tenant = TestTenants.create(tokens);
            String token = tenant.token(Role.MEMBER);
            String config = config(SshTestServer.PASSWORD, 2, 2)
                    .replace("port: " + first.port(), "port: " + stays.port())
                    .replace("port: " + second.port(), "port: " + goes.port());
            String id = TenantExperiments.post(tenant, token, config, SLOW_CODE)
                    .response()
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String goesId = "127.0.0.1:" + goes.port();
            String lostTrial = awaitTrialRunningOn(id, goesId);

            goes.stop();
            // The probe finds the machine down, so the scheduler places nothing more on it.
            Api.admin().get("/api/v1/pools/exp-" + id + "/health").then().statusCode(200);

            assertThat(awaitEnd(tenant, token, id)).isEqualTo("DONE");
            List<Map<String, Object>> trials = trials(tenant, token, id);
            Map<String, Object> lost = trials.stream()
                    .filter(t -> lostTrial.equals(t.get("id")))
                    .findFirst()
                    .orElseThrow();
            assertThat(lost.get("status")).isEqualTo("SYS_CANCELED");
            assertThat(String.valueOf(lost.get("message")))
                    .startsWith("lost: machine " + goesId + " is unhealthy")
                    .contains("queued again as trial ")
                    .doesNotContain(SshTestServer.PASSWORD);
            Map<String, Object> again = trials.stream()
                    .filter(t -> lostTrial.equals(t.get("requeuedFrom")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the lost trial was not queued again: " + trials));
            assertThat(again.get("status")).isEqualTo("SUCCEEDED");
            assertThat(again.get("parameters")).isEqualTo(lost.get("parameters"));
            assertThat(again.get("finalMetric")).isNotNull();
            assertThat(stored(
                            "select placement ->> 'machine' from trials where trial_id = ?", (String) again.get("id")))
                    .isEqualTo("127.0.0.1:" + stays.port());
            assertThat(trials).hasSize(3);
            assertThat(trials.stream().filter(t -> "SUCCEEDED".equals(t.get("status"))))
                    .hasSize(2);
            Map<String, Object> health = Api.admin()
                    .get("/api/v1/pools/exp-" + id + "/health")
                    .then()
                    .extract()
                    .jsonPath()
                    .getMap("$");
            assertThat(((Map<?, ?>) health.get(goesId)).get("reachable")).isEqualTo(false);
        }
    }

    /** Waits until a trial of the experiment runs on {@code machine} and returns its id. */
    private String awaitTrialRunningOn(String experimentId, String machine) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("select trial_id from trials where experiment_id = ?"
                            + " and status = 'RUNNING' and placement ->> 'machine' = ?")) {
                s.setString(1, experimentId);
                s.setString(2, machine);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no trial of " + experimentId + " ran on " + machine);
    }

    @Test
    void aKeyFileOnTheServerIsNotAnAcceptableCredential() {
        TestTenant tenant = TestTenants.create(tokens);
        String config = config("", 1, 1).replace("password: ''", "sshKeyFile: ~/.ssh/id_rsa");

        TenantExperiments.post(tenant, tenant.token(Role.MEMBER), config, CODE)
                .response()
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("trainingService.machineList[0].sshKeyFile"));
    }

    private static String config(String password, int concurrency, int trials) {
        return String.join(
                "\n",
                "searchSpaceFile: search_space.json",
                "trialCommand: python3 trial.py",
                "trialCodeDirectory: .",
                "trialConcurrency: " + concurrency,
                "maxTrialNumber: " + trials,
                "tuner:",
                "  name: Random",
                "trainingService:",
                "  platform: remote",
                "  httpChannel: false",
                "  machineList:",
                "    - host: 127.0.0.1",
                "      port: " + first.port(),
                "      user: " + SshTestServer.USER,
                "      password: '" + password + "'",
                "    - host: 127.0.0.1",
                "      port: " + second.port(),
                "      user: " + SshTestServer.USER,
                "      password: '" + password + "'",
                "");
    }

    private static io.restassured.response.ValidatableResponse submit(
            TestTenant tenant, String token, String password, int concurrency, int trials) {
        return tenant.as(token)
                .multiPart("config", config(password, concurrency, trials))
                .multiPart("code", "code.tar.gz", TestArchives.tarGz(CODE), "application/gzip")
                .post(tenant.experiments())
                .then();
    }

    private static boolean ranThere(Path home, String experimentId) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("parameter.cfg")
                    && p.toString().contains(experimentId));
        }
    }

    private String stored(String sql, String key) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }
}
