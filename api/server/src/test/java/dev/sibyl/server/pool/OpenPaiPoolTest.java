package dev.sibyl.server.pool;

import static dev.sibyl.server.testing.TenantExperiments.awaitEnd;
import static dev.sibyl.server.testing.TenantExperiments.trials;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.trainers.openpai.OpenPaiRig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenPAI pool end to end, against the stand-in OpenPAI REST server of {@code trainers/openpai}'s tests (a fake
 * implementing the documented v2 subset, running each job's commands with local bash): trials of an experiment
 * naming the pool run as OpenPAI jobs and report through the shared storage; a wrong token fails trials clearly.
 */
@QuarkusTest
class OpenPaiPoolTest {
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join(
                            "\n",
                            "import nni",
                            "p = nni.get_next_parameter()",
                            "nni.report_intermediate_result(p['x'] / 2)",
                            "nni.report_final_result(p['x'])",
                            "")
                    .getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path temp;

    private static OpenPaiRig rig;

    @Inject
    ApiTokens tokens;

    @BeforeAll
    static void startTheStandIn() throws Exception {
        rig = new OpenPaiRig(temp);
    }

    @AfterAll
    static void stopTheStandIn() {
        rig.close();
    }

    @Test
    void trialsRunAsOpenPaiJobsAndTheirResultsArrive() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = definePool(OpenPaiRig.TOKEN);

        String id = submit(tenant, token, pool);
        String status = awaitEnd(tenant, token, id);

        assertThat(status).isEqualTo("DONE");
        List<Map<String, Object>> trials = trials(tenant, token, id);
        assertThat(trials).hasSize(2).allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("SUCCEEDED");
            assertThat(t.get("finalMetric")).isNotNull();
        });
        assertThat(Api.admin().get("/api/v1/pools/" + pool).then().extract().asString())
                .doesNotContain(OpenPaiRig.TOKEN);
        assertThat(Api.admin()
                        .get("/api/v1/pools/" + pool + "/health")
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("'gpu-vc'.reachable"))
                .isTrue();
    }

    @Test
    void aTokenTheClusterRefusesFailsTrialsWithAClearReason() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = definePool("not-the-token");

        String id = submit(tenant, token, pool);
        awaitEnd(tenant, token, id);

        List<Map<String, Object>> trials = trials(tenant, token, id);
        assertThat(trials).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("FAILED");
            assertThat(String.valueOf(t.get("message")))
                    .containsIgnoringCase("401")
                    .doesNotContain("not-the-token");
        });
        Map<String, Object> health = Api.admin()
                .get("/api/v1/pools/" + pool + "/health")
                .then()
                .extract()
                .jsonPath()
                .getMap("'gpu-vc'");
        assertThat(health.get("reachable")).isEqualTo(false);
        assertThat(String.valueOf(health.get("lastError"))).contains("401").doesNotContain("not-the-token");
    }

    private static String definePool(String clusterToken) {
        String name = "pai-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "openpai",
                        "machines",
                        List.of(Map.of("id", "gpu-vc", "slots", 2, "cpuMillis", 4000, "memoryMb", 8192)),
                        "connection",
                        Map.of(
                                "host",
                                rig.address().toString(),
                                "username",
                                OpenPaiRig.USER,
                                "token",
                                clusterToken,
                                "virtualCluster",
                                "gpu-vc",
                                "dockerImage",
                                "python:3.11",
                                "storageConfigName",
                                OpenPaiRig.STORAGE,
                                "localStorageMountPoint",
                                rig.storage.toString(),
                                "containerStorageMountPoint",
                                rig.containerMount.toString(),
                                "trialCpuNumber",
                                1,
                                "trialMemorySize",
                                "1gb")))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(200);
        return name;
    }

    private static String submit(TestTenant tenant, String token, String pool) {
        return TenantExperiments.submit(
                tenant,
                token,
                TenantExperiments.config(2, 2, "trainingService:", "  platform: pool", "  pool: " + pool),
                CODE);
    }
}
