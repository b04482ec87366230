package dev.sibyl.server.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi describes the tenant-scoped REST API, and health is public. */
@QuarkusTest
class OpenApiDocumentTest {
    @Test
    void openApiDocumentListsTheTenantScopedExperimentAndTrialRoutes() {
        String document = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(document)
                .contains("/api/v1/tenants/{tenant}/experiments")
                .contains("/api/v1/tenants/{tenant}/experiments/{experimentId}/trials")
                .contains("/api/v1/tenants/{tenant}/experiments/{experimentId}/export");
    }

    @Test
    void healthIsUpWithoutAToken() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
