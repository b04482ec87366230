package dev.sibyl.server.pool;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad pool definitions get a problem+json naming the field, never a 500; only admins define pools. */
@QuarkusTest
class PoolDefinitionTest {
    @Inject
    ApiTokens tokens;

    private static String freshName() {
        return "d-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> machine(String id, int slots, long cpuMillis, List<Integer> gpuIndices) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("slots", slots);
        m.put("cpuMillis", cpuMillis);
        m.put("memoryMb", 1000);
        m.put("gpuIndices", gpuIndices);
        return m;
    }

    private static io.restassured.response.ValidatableResponse put(String name, Object body) {
        return Api.admin()
                .contentType("application/json")
                .body(body)
                .put("/api/v1/pools/" + name)
                .then();
    }

    @Test
    void everyBadFieldOfAPoolIsNamedInOneProblem() {
        put(
                        freshName(),
                        Map.of(
                                "kind",
                                "mainframe",
                                "machines",
                                List.of(
                                        machine("a", 0, 1000, List.of(0, 1)),
                                        machine("a", 1, -5, List.of(0, 0)),
                                        machine("b", 1, 1000, List.of(-1)))))
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body(
                        "errors.field",
                        hasItems(
                                "kind",
                                "machines[0].slots",
                                "machines[1].id",
                                "machines[1]",
                                "machines[1].gpuIndices",
                                "machines[2].gpuIndices"));
    }

    @Test
    void aPoolNameOutsideTheAllowedShapeIsRefused() {
        put("Bad_Name", Map.of("kind", "local", "machines", List.of(machine("a", 1, 1000, List.of()))))
                .statusCode(400)
                .body("errors.field", hasItem("name"));
    }

    @Test
    void aPoolWithoutMachinesIsRefused() {
        put(freshName(), Map.of("kind", "local", "machines", List.of()))
                .statusCode(400)
                .body("errors.field", hasItem("machines"));
    }

    @Test
    void aNullGpuIndexIsRefusedNotAServerError() {
        List<Integer> withNull = new ArrayList<>(Arrays.asList(0, null));
        put(freshName(), Map.of("kind", "local", "machines", List.of(machine("a", 1, 1000, withNull))))
                .statusCode(400)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void malformedJsonIsRefused() {
        put(freshName(), "{\"kind\": \"local\", \"machines\": [")
                .statusCode(400)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void aTenantAdminMayNotDefinePools() {
        TestTenant acme = TestTenants.create(tokens);
        acme.as(acme.token(Role.ADMIN))
                .contentType("application/json")
                .body(Map.of("kind", "local", "machines", List.of(machine("a", 1, 1000, List.of()))))
                .put("/api/v1/pools/" + freshName())
                .then()
                .statusCode(403);
    }

    @Test
    void theQueueOfAPoolThatDoesNotExistIsNotFound() {
        Api.admin()
                .get("/api/v1/pools/no-such-pool/queue")
                .then()
                .statusCode(404)
                .contentType(containsString("application/problem+json"));
    }
}
