package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.sibyl.server.secret.ConfigSecrets;
import dev.sibyl.server.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A pool's connection settings: checked by kind, secrets sealed at rest and never shown, health per machine. */
@QuarkusTest
class PoolConnectionTest {
    @Inject
    DataSource dataSource;

    private static Map<String, Object> remotePool(Map<String, Object> machine) {
        return Map.of(
                "kind",
                "remote",
                "machines",
                List.of(Map.of(
                        "id", "gpu-1", "slots", 2, "cpuMillis", 8000, "memoryMb", 32000, "gpuIndices", List.of(0, 1))),
                "connection",
                Map.of("machines", Map.of("gpu-1", machine)));
    }

    @Test
    void aMachinePasswordIsSealedInTheDatabaseAndNeverShown() throws Exception {
        String name = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String shown = Api.admin()
                .contentType("application/json")
                .body(remotePool(
                        Map.of("host", "10.1.2.3", "port", 2222, "user", "trainer", "password", "hunter2-secret")))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(shown).doesNotContain("hunter2-secret").contains(ConfigSecrets.REDACTED, "10.1.2.3");
        assertThat(Api.admin().get("/api/v1/pools/" + name).then().extract().asString())
                .doesNotContain("hunter2-secret");
        assertThat(Api.admin().get("/api/v1/pools").then().extract().asString()).doesNotContain("hunter2-secret");
        String stored = storedConnection(name);
        assertThat(stored).doesNotContain("hunter2-secret").contains("sealed:v1:");

        // sending the answer back unchanged keeps the stored secret
        Api.admin()
                .contentType("application/json")
                .body(remotePool(Map.of("host", "10.1.2.4", "user", "trainer", "password", ConfigSecrets.REDACTED)))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(200);
        String again = storedConnection(name);
        assertThat(again).contains("10.1.2.4");
        assertThat(sealedPassword(again)).isEqualTo(sealedPassword(stored));
    }

    @Test
    void remoteConnectionsAreCheckedMachineByMachine() {
        String name = "r-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType("application/json")
                .body(remotePool(Map.of("host", "10.1.2.3", "user", "trainer", "sshKeyFile", "/root/.ssh/id_rsa")))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("connection.machines.gpu-1.sshKeyFile"))
                .body("errors.field", hasItem("connection.machines.gpu-1"));
        Api.admin()
                .contentType("application/json")
                .body(remotePool(Map.of("user", "trainer", "password", "x", "port", 70000)))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("connection.machines.gpu-1.host"))
                .body("errors.field", hasItem("connection.machines.gpu-1.port"));
    }

    @Test
    void theLocalPoolIsHealthyAndShowsItsProbe() {
        Map<String, Object> health = Api.admin()
                .get("/api/v1/pools/local/health")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("localhost");

        assertThat(health.get("reachable")).isEqualTo(true);
        assertThat(health.get("lastError")).isNull();
        assertThat(health.get("checkedAt")).isNotNull();
    }

    private String storedConnection(String name) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select connection::text from pools where name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }

    private static String sealedPassword(String connectionJson) {
        int at = connectionJson.indexOf("sealed:v1:");
        return connectionJson.substring(at, connectionJson.indexOf('"', at));
    }
}
