package dev.sibyl.server.bootstrap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTokens;
import dev.sibyl.tenant.ApiToken;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.IssuedToken;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.tenant.TokenSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class TokenAuthenticationTest {
    @Inject
    ApiTokens tokens;

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @Test
    void requestWithoutTokenIsRefusedWith401AndABearerChallenge() {
        given().when()
                .get(Api.EXPERIMENTS)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("unauthenticated"))
                .body("status", equalTo(401));
    }

    @Test
    void unknownMalformedAndOtherSchemeTokensAreRefusedWith401() {
        for (String header : new String[] {
            "Bearer sbl_" + "x".repeat(32),
            "Bearer not-a-token",
            "Basic dXNlcjpwYXNz",
            "Bearer " + TestTokens.ADMIN + "x"
        }) {
            given().header("Authorization", header)
                    .when()
                    .get(Api.EXPERIMENTS)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("code", equalTo("unauthenticated"));
        }
    }

    @Test
    void theBootstrapTokenWorksAndIsRecordedAsUsed() {
        Api.admin().when().get(Api.EXPERIMENTS).then().statusCode(200);
        ApiToken row = QuarkusTransaction.requiringNew()
                .call(() ->
                        ApiToken.findByHash(TokenSecrets.hash(TestTokens.ADMIN)).orElseThrow());
        assertThat(row.lastUsedAddress).isEqualTo("127.0.0.1");
        assertThat(row.role).isEqualTo("owner");
        assertThat(row.platformAdmin).isTrue();
        assertThat(row.tokenPrefix).isEqualTo(TokenSecrets.prefix(TestTokens.ADMIN));
        assertThat(row.tokenHash).isNotEqualTo(TestTokens.ADMIN).hasSize(64);
        assertThat(row.lastUsedAt).isNotNull().isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void revokedTokenIsRefused() {
        long tenant = defaultTenant();
        IssuedToken issued = tokens.create(tenant, "ci", Role.MEMBER, null);
        withToken(issued.token()).get(Api.EXPERIMENTS).then().statusCode(200);
        assertThat(tokens.revoke(tenant, issued.id())).isTrue();
        withToken(issued.token()).get(Api.EXPERIMENTS).then().statusCode(401);
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void expiredTokenIsRefused() {
        IssuedToken expired =
                tokens.create(defaultTenant(), "old", Role.MEMBER, Instant.now().minusSeconds(1));
        withToken(expired.token()).get(Api.EXPERIMENTS).then().statusCode(401);
        IssuedToken fresh =
                tokens.create(defaultTenant(), "new", Role.MEMBER, Instant.now().plusSeconds(3600));
        withToken(fresh.token()).get(Api.EXPERIMENTS).then().statusCode(200);
    }

    @Test
    void tokenOfAnotherTenantSeesNeitherTheTenantNorItsExperiments() {
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        long acme = QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = new Tenant();
            t.slug = slug;
            t.name = "Acme";
            t.createdAt = Instant.now();
            t.persist();
            return t.id;
        });
        String acmeToken = tokens.create(acme, "acme ci", Role.ADMIN, null).token();
        String experimentId = Api.submit(
                        Api.quadraticConfig(java.util.Map.of("maxTrialNumber", "1")), Api.quadraticCode())
                .statusCode(201)
                .extract()
                .path("id");

        // The default tenant's routes do not exist for acme's token...
        withToken(acmeToken).get(Api.EXPERIMENTS).then().statusCode(404).body("code", equalTo("not-found"));
        // ...acme's own routes work and do not list the default tenant's experiment...
        withToken(acmeToken)
                .get("/api/v1/tenants/" + slug + "/experiments")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        // ...and the default tenant's experiment id is unknown under acme.
        withToken(acmeToken)
                .get("/api/v1/tenants/" + slug + "/experiments/" + experimentId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(experimentId));
        withToken(acmeToken)
                .post("/api/v1/tenants/" + slug + "/experiments/" + experimentId + "/stop")
                .then()
                .statusCode(404);
        // The admin token of "default" does not open acme or a tenant that does not exist.
        Api.admin().get("/api/v1/tenants/" + slug + "/experiments").then().statusCode(404);
        Api.admin().get("/api/v1/tenants/nobody/experiments").then().statusCode(404);
        Api.admin().post(Api.EXPERIMENTS + "/" + experimentId + "/stop").then().statusCode(200);
    }

    @Test
    void firstStartWroteTheAdminTokenFileReadableOnlyByItsOwner() throws Exception {
        Path file = home.resolve("admin-token");
        assertThat(Files.readString(file).strip()).isEqualTo(TestTokens.ADMIN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    private static io.restassured.specification.RequestSpecification withToken(String token) {
        return given().header("Authorization", "Bearer " + token).when();
    }

    private static long defaultTenant() {
        return QuarkusTransaction.requiringNew()
                .call(() -> Tenant.findBySlug(Tenant.DEFAULT_SLUG).orElseThrow().id);
    }
}
