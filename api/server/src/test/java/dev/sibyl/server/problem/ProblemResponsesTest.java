package dev.sibyl.server.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Framework-level failures leave as the same RFC 9457 problems as Sibyl's own. */
@QuarkusTest
class ProblemResponsesTest {
    private static void assertProblem(ExtractableResponse<Response> response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
        assertThat(response.jsonPath().getString("type")).isEqualTo("https://sibyl.dev/problems/" + code);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.jsonPath().getString("traceId")).matches("[0-9a-f]{32}");
        assertThat(response.jsonPath().getList("errors")).isNotNull();
        assertThat(response.asString()).doesNotContain("Exception", "at dev.sibyl", "at java.", "at io.");
    }

    @Test
    void unexpectedFailureIs500WithAGenericDetailAndATraceIdOnly() {
        ExtractableResponse<Response> r =
                given().get("/api/v1/test-only/failure").then().extract();
        assertProblem(r, 500, "internal-error");
        assertThat(r.jsonPath().getBoolean("retriable")).isTrue();
        assertThat(r.asString()).doesNotContain("Secret", "hunter2", "jdbc", "IllegalState");
    }

    @Test
    void unknownExperimentIs404() {
        ExtractableResponse<Response> r =
                Api.admin().get(Api.EXPERIMENTS + "/nosuchid").then().extract();
        assertProblem(r, 404, "not-found");
        assertThat(r.jsonPath().getString("instance")).isEqualTo(Api.EXPERIMENTS + "/nosuchid");
    }

    @Test
    void unknownRouteUnderATenantIs404() {
        assertProblem(Api.admin().get(Api.EXPERIMENTS + "/x/y/z/nothing").then().extract(), 404, "not-found");
    }

    @Test
    void unknownRouteOutsideTenantsIs404() {
        assertProblem(given().get("/api/v1/nothing-here").then().extract(), 404, "not-found");
    }

    @Test
    void wrongMethodIs405() {
        ExtractableResponse<Response> r =
                Api.admin().delete(Api.EXPERIMENTS + "/abc/stop").then().extract();
        assertProblem(r, 405, "method-not-allowed");
    }

    @Test
    void wrongContentTypeIs415() {
        assertProblem(
                Api.admin()
                        .contentType("text/plain")
                        .body("config")
                        .post(Api.EXPERIMENTS)
                        .then()
                        .extract(),
                415,
                "unsupported-media-type");
    }

    @Test
    void malformedJsonBodyIs400NamingTheBody() {
        String id = Api.submit(Api.quadraticConfig(java.util.Map.of("maxTrialNumber", "1")), Api.quadraticCode())
                .statusCode(201)
                .extract()
                .path("id");
        ExtractableResponse<Response> r = Api.admin()
                .contentType("application/json")
                .body("{\"trialConcurrency\": ")
                .patch(Api.EXPERIMENTS + "/" + id)
                .then()
                .extract();
        assertProblem(r, 400, "malformed-body");
        assertThat(r.jsonPath().getList("errors.field")).containsExactly("body");
        // The same for an endpoint whose body Jackson binds to a type: syntax, then shape.
        ExtractableResponse<Response> bound = Api.admin()
                .contentType("application/json")
                .body("{\"parameters\": {")
                .post(Api.EXPERIMENTS + "/" + id + "/trials")
                .then()
                .extract();
        assertProblem(bound, 400, "malformed-body");
        ExtractableResponse<Response> shape = Api.admin()
                .contentType("application/json")
                .body("{\"parameters\": [1, 2]}")
                .post(Api.EXPERIMENTS + "/" + id + "/trials")
                .then()
                .extract();
        assertProblem(shape, 400, "malformed-body");
        Api.admin().post(Api.EXPERIMENTS + "/" + id + "/stop").then().statusCode(200);
    }

    @Test
    void bodyDeclaredOverTheLimitIs413BeforeItIsRead() {
        String boundary = "sibyl-test-boundary";
        byte[] huge = new byte[9 * 1024 * 1024];
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"code\"; filename=\"c.tgz\"\r\n"
                        + "Content-Type: application/gzip\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(huge);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ExtractableResponse<Response> r = Api.admin()
                .contentType("multipart/form-data; boundary=" + boundary)
                .body(body.toByteArray())
                .post(Api.EXPERIMENTS)
                .then()
                .extract();
        assertProblem(r, 413, "payload-too-large");
    }

    @Test
    void chunkedBodyOverTheLimitIsCutOffWith413() {
        byte[] huge = new byte[9 * 1024 * 1024];
        int status = Api.admin()
                .multiPart("config", "config.yml", "trialConcurrency: 1".getBytes(), "application/yaml")
                .multiPart("code", "code.tar.gz", huge, "application/gzip")
                .post(Api.EXPERIMENTS)
                .then()
                .extract()
                .statusCode();
        assertThat(status).isEqualTo(413);
    }
}
