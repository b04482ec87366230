package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sibyl's {@code trainingService: {platform: pool, pool: <name>}}: a config names a pool the platform admin defined. */
@QuarkusTest
class PoolPlatformTest {
    private static final Map<String, byte[]> CODE = Map.of(
            "work.py",
            String.join("\n", "import nni", "nni.get_next_parameter()", "nni.report_final_result(0.5)", "")
                    .getBytes(StandardCharsets.UTF_8));

    @Inject
    ApiTokens tokens;

    @Test
    void trialsOfAnExperimentNamingAPoolArePlacedInThatPoolAndRun() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = definePool("local", List.of());

        String id = submit(tenant, token, pool).statusCode(201).extract().path("id");

        String status = TenantExperiments.awaitEnd(tenant, token, id);
        assertThat(status).isEqualTo("DONE");
        List<Map<String, Object>> usage = tenant.as(token)
                .get(tenant.path("/usage?groupBy=pool"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows");
        assertThat(usage)
                .as("the trials were placed in the named pool")
                .extracting(r -> r.get("pool"))
                .containsExactly(pool);
        assertThat(((Number) usage.get(0).get("trials")).intValue()).isEqualTo(2);
    }

    @Test
    void aHybridExperimentRunsItsTrialsAcrossTheListedPools() throws InterruptedException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        String pool = definePool("local", List.of());
        String config = TenantExperiments.config(
                4, 6, "trainingService:", "  - platform: local", "  - platform: pool", "    pool: " + pool);
        String id = TenantExperiments.submit(tenant, token, config, CODE);

        String status = TenantExperiments.awaitEnd(tenant, token, id);
        assertThat(status).isEqualTo("DONE");
        List<Map<String, Object>> trials = TenantExperiments.trials(tenant, token, id);
        assertThat(trials)
                .hasSize(6)
                .allSatisfy(t -> assertThat(t.get("status")).isEqualTo("SUCCEEDED"));
        List<Map<String, Object>> usage = tenant.as(token)
                .get(tenant.path("/usage?groupBy=pool"))
                .then()
                .extract()
                .jsonPath()
                .getList("rows");
        assertThat(usage).extracting(r -> (String) r.get("pool")).isSubsetOf("local", pool);
    }

    @Test
    void aHybridListNamingAPoolTwiceIsRefused() {
        TestTenant tenant = TestTenants.create(tokens);
        String config =
                TenantExperiments.config(1, 1, "trainingService:", "  - platform: local", "  - platform: local");

        TenantExperiments.post(tenant, tenant.token(Role.MEMBER), config, CODE)
                .response()
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("trainingService[1]"));
    }

    @Test
    void aPoolThatDoesNotExistIsRefusedNamingTheField() {
        TestTenant tenant = TestTenants.create(tokens);

        submit(tenant, tenant.token(Role.MEMBER), "no-such-pool")
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("trainingService.pool"))
                .body("errors.message", hasItem(containsString("no pool 'no-such-pool'")));
    }

    @Test
    void aPoolReservedForOtherTenantsIsRefused() {
        TestTenant tenant = TestTenants.create(tokens);
        String pool = definePool("local", List.of("someone-else"));

        submit(tenant, tenant.token(Role.MEMBER), pool)
                .statusCode(400)
                .body("errors.field", hasItem("trainingService.pool"))
                .body("errors.message", hasItem(containsString("may not use pool")));
    }

    @Test
    void aMalformedPoolNameIsRefusedByTheConfigReader() {
        TestTenant tenant = TestTenants.create(tokens);

        submit(tenant, tenant.token(Role.MEMBER), "'../Etc'")
                .statusCode(400)
                .body("errors.field", hasItem("trainingService.pool"));
    }

    private static String definePool(String kind, List<String> allowedTenants) {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        kind,
                        "machines",
                        List.of(Map.of("id", "box", "slots", 2, "cpuMillis", 2000, "memoryMb", 4096)),
                        "allowedTenants",
                        allowedTenants))
                .put("/api/v1/pools/" + name)
                .then()
                .statusCode(200);
        return name;
    }

    private static ValidatableResponse submit(TestTenant tenant, String token, String pool) {
        return TenantExperiments.post(
                        tenant,
                        token,
                        TenantExperiments.config(2, 2, "trainingService:", "  platform: pool", "  pool: " + pool),
                        CODE)
                .response()
                .then();
    }
}
