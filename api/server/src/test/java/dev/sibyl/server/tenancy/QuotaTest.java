package dev.sibyl.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class QuotaTest {
    @Inject
    ApiTokens tokens;

    private static ExtractableResponse<Response> submit(TestTenant tenant, String token, int concurrency) {
        return tenant.as(token)
                .multiPart(
                        "config",
                        "config.yml",
                        Api.quadraticConfig(Map.of("maxTrialNumber", "100", "trialConcurrency", "" + concurrency))
                                .getBytes(),
                        "application/yaml")
                .multiPart("code", "code.tar.gz", Api.quadraticCode(), "application/gzip")
                .post(tenant.experiments())
                .then()
                .extract();
    }

    @Test
    void anExperimentBeyondTheTenantsQuotaIsRefusedSayingWhatWasAskedAndWhatRemains() {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        Api.admin()
                .contentType("application/json")
                .body(Map.of("maxConcurrentTrials", 5, "maxRunningExperiments", 2, "weight", 3))
                .put("/api/v1/admin/tenants/" + acme.slug() + "/quota")
                .then()
                .statusCode(200)
                .body("maxConcurrentTrials", equalTo(5))
                .body("weight", equalTo(3.0f));

        String first = submit(acme, member, 3).path("id");
        assertThat(first).isNotNull();

        ExtractableResponse<Response> refused = submit(acme, member, 4);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.<String>path("code")).isEqualTo("quota-exceeded");
        assertThat(refused.<String>path("errors[0].field")).isEqualTo("trialConcurrency");
        assertThat(refused.<String>path("errors[0].message"))
                .isEqualTo("asks for 4 concurrent trials; the quota is 5, 3 in use, 2 remaining");
        assertThat(acme.as(member).get(acme.experiments()).then().extract().<java.util.List<?>>path("id"))
                .hasSize(1);

        // What fits is admitted; then the running-experiments limit is reached.
        assertThat(submit(acme, member, 2).statusCode()).isEqualTo(201);
        ExtractableResponse<Response> third = submit(acme, member, 1);
        assertThat(third.statusCode()).isEqualTo(409);
        assertThat(third.<java.util.List<String>>path("errors.field")).contains("experiment");

        // Raising a running experiment's concurrency past the quota is refused the same way.
        String second =
                acme.as(member).get(acme.experiments()).then().extract().path("find { it.id != '" + first + "' }.id");
        acme.as(member)
                .contentType("application/json")
                .body(Map.of("trialConcurrency", 3))
                .patch(acme.experiments() + "/" + second)
                .then()
                .statusCode(409)
                .body("code", equalTo("quota-exceeded"))
                .body("errors[0].field", equalTo("trialConcurrency"));

        // Stopping one frees its share; the quota is readable by members of the tenant.
        acme.as(member).post(acme.experiments() + "/" + first + "/stop").then().statusCode(200);
        assertThat(submit(acme, member, 1).statusCode()).isEqualTo(201);
        acme.as(member).get(acme.path("/quota")).then().statusCode(200).body("maxRunningExperiments", equalTo(2));
        for (Object id :
                acme.as(member).get(acme.experiments()).then().extract().<List<Object>>path("id")) {
            acme.as(member).post(acme.experiments() + "/" + id + "/stop").then().statusCode(200);
        }
    }

    @Test
    void aQuotaWithNegativeLimitsIsRefusedNamingTheField() {
        TestTenant acme = TestTenants.create(tokens);
        Api.admin()
                .contentType("application/json")
                .body(Map.of("pools", Map.of("local", Map.of("maxConcurrentGpus", -1))))
                .put("/api/v1/admin/tenants/" + acme.slug() + "/quota")
                .then()
                .statusCode(400);
    }
}
