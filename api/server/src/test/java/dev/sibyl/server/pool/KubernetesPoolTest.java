package dev.sibyl.server.pool;

import static dev.sibyl.server.testing.TenantExperiments.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.trainers.kubernetes.FakeCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Kubernetes pool end to end, against the stand-in cluster of {@code trainers/kubernetes}'s tests: fabric8's mock
 * API server in CRUD mode, held to the Roles of {@code infra/k8s}, with a fake kubelet that runs each pod's init
 * container (which downloads the code through this server's signed link) and trial container as local processes.
 * NNI trial code runs on an image without {@code nni}: the SDK travels in the code archive.
 */
@QuarkusTest
class KubernetesPoolTest {
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join("\n", "import nni", "p = nni.get_next_parameter()", "nni.report_final_result(p['x'])", "")
                    .getBytes(StandardCharsets.UTF_8));

    private static FakeCluster cluster;

    @Inject
    ApiTokens tokens;

    @BeforeAll
    static void startTheStandIn() throws IOException {
        cluster = new FakeCluster();
    }

    @AfterAll
    static void stopTheStandIn() throws IOException {
        cluster.close();
    }

    @Test
    void trialsRunAsJobsThatFetchTheirCodeAndReportBack() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = "k8s-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "kubernetes",
                        "machines",
                        List.of(Map.of("id", "fake-node", "slots", 2, "cpuMillis", 4000, "memoryMb", 8192)),
                        "connection",
                        Map.of(
                                "masterUrl",
                                cluster.masterUrl(),
                                "token",
                                FakeCluster.SERVER_TOKEN,
                                "namespace",
                                FakeCluster.NAMESPACE,
                                "image",
                                "python:3.12-slim",
                                "cpu",
                                "1",
                                "memory",
                                "1Gi")))
                .put("/api/v1/pools/" + pool)
                .then()
                .statusCode(200);

        String id = TenantExperiments.submit(tenant, token, config(pool), CODE);
        String status = awaitEnd(tenant, token, id);

        List<Map<String, Object>> trials = TenantExperiments.trials(tenant, token, id);
        assertThat(status).as("experiment status; trials %s", trials).isEqualTo("DONE");
        assertThat(trials).hasSize(2).allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("SUCCEEDED");
            assertThat(t.get("finalMetric")).isNotNull();
        });
        List<Job> jobs =
                cluster.client.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).list().getItems().stream()
                        .filter(j -> j.getMetadata().getLabels().containsValue(id))
                        .toList();
        assertThat(jobs)
                .hasSize(2)
                .allSatisfy(job -> assertThat(job.getMetadata().getLabels()).containsValue(tenant.slug()));
        assertThat(Api.admin().get("/api/v1/pools/" + pool).then().extract().asString())
                .doesNotContain(FakeCluster.SERVER_TOKEN);
        assertThat(Api.admin()
                        .get("/api/v1/pools/" + pool + "/health")
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("'fake-node'.reachable"))
                .as("the namespace answers the server's client")
                .isTrue();
    }

    private static String config(String pool) {
        return TenantExperiments.config(2, 2, "trainingService:", "  platform: pool", "  pool: " + pool);
    }
}
