package dev.sibyl.server.tenancy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiToken;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.TokenSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class TokenScopesAndRolesTest {
    @Inject
    ApiTokens tokens;

    private TestTenant acme;
    private String admin;

    @BeforeEach
    void newTenant() {
        acme = TestTenants.create(tokens);
        admin = acme.token(Role.ADMIN);
    }

    private ExtractableResponse<Response> createToken(String caller, Map<String, Object> body) {
        return acme.as(caller)
                .contentType("application/json")
                .body(body)
                .post(acme.path("/tokens"))
                .then()
                .extract();
    }

    @Test
    void aCreatedTokenIsShownOnceStoredOnlyAsItsHashAndWorksWithItsScopes() {
        ExtractableResponse<Response> created =
                createToken(admin, Map.of("name", "ci read", "scopes", List.of("experiments:read")));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        String token = created.path("token");
        assertThat(token).matches("sbl_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}");
        int id = created.path("details.id");

        // Listed without the secret; at rest only the hash and the id part.
        String listing = acme.as(admin)
                .get(acme.path("/tokens"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(listing).doesNotContain(token).contains(TokenSecrets.prefix(token));
        ApiToken row = QuarkusTransaction.requiringNew().call(() -> ApiToken.findById((long) id));
        assertThat(row.tokenHash).isEqualTo(TokenSecrets.hash(token)).isNotEqualTo(token);
        assertThat(row.scopes).isEqualTo("experiments:read");

        // Reads work, writes lack the scope: 403 naming it.
        acme.as(token).get(acme.experiments()).then().statusCode(200);
        acme.as(token)
                .contentType("application/json")
                .body("{}")
                .post(acme.experiments() + "/abcdefgh/stop")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"))
                .body("detail", containsString("experiments:write"));

        ApiToken used = QuarkusTransaction.requiringNew().call(() -> ApiToken.findById((long) id));
        assertThat(used.lastUsedAt).isNotNull();
        assertThat(used.lastUsedAddress).isEqualTo("127.0.0.1");
    }

    @Test
    void aRevokedTokenIsRefusedOnTheVeryNextRequest() {
        String token = createToken(admin, Map.of("name", "ci")).path("token");
        int id = createToken(admin, Map.of("name", "other")).path("details.id");
        acme.as(token).get(acme.experiments()).then().statusCode(200);
        Number own = acme.as(admin)
                .get(acme.path("/tokens"))
                .then()
                .extract()
                .path("find { it.prefix == '" + TokenSecrets.prefix(token) + "' }.id");

        acme.as(admin).delete(acme.path("/tokens/" + own)).then().statusCode(204);

        acme.as(token).get(acme.experiments()).then().statusCode(401).body("code", equalTo("unauthenticated"));
        assertThat(id).isPositive();
    }

    @Test
    void anExpiredTokenIsRefusedWith401() {
        String token = tokens.create(new ApiTokens.NewToken(
                        acme.id(), "old", Role.ADMIN, Scope.all(), Instant.now().minusSeconds(1), null, null, false))
                .token();
        acme.as(token).get(acme.experiments()).then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    void malformedCredentialsAre401ProblemsNeverA500() {
        for (String header : new String[] {
            "Bearer sbl_", "Bearer sbl_" + "\u00e9".repeat(40), "Bearer " + "x".repeat(5000), "Bearer a.b.c", "Bearer"
        }) {
            given().header("Authorization", header)
                    .get(acme.experiments())
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo("unauthenticated"));
        }
    }

    @Test
    void aViewerReadsButCannotWrite() {
        String viewer = acme.token(Role.VIEWER);
        acme.as(viewer).get(acme.experiments()).then().statusCode(200);
        acme.as(viewer)
                .multiPart("config", "config.yml", "trialConcurrency: 1".getBytes(), "application/yaml")
                .post(acme.experiments())
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"))
                .body("detail", containsString("'viewer'"));
    }

    @Test
    void onlyAdminsManageServiceAccountsAndTokensCannotMintTokensWithoutTheAdminScope() {
        String member = acme.token(Role.MEMBER);
        acme.as(member)
                .contentType("application/json")
                .body(Map.of("name", "bot", "role", "member"))
                .post(acme.path("/service-accounts"))
                .then()
                .statusCode(403);
        assertThat(createToken(member, Map.of("name", "x")).statusCode()).isEqualTo(403);

        int account = acme.as(admin)
                .contentType("application/json")
                .body(Map.of("name", "ci-bot", "role", "viewer"))
                .post(acme.path("/service-accounts"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // A viewer service account cannot hold a write scope.
        ExtractableResponse<Response> refused = createToken(
                admin, Map.of("name", "bot", "serviceAccountId", account, "scopes", List.of("experiments:write")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.<String>path("errors[0].field")).isEqualTo("scopes[0]");
        String botToken = createToken(admin, Map.of("name", "bot", "serviceAccountId", account))
                .path("token");
        acme.as(botToken).get(acme.experiments()).then().statusCode(200);

        // Disabling the account revokes its tokens at once.
        acme.as(admin).delete(acme.path("/service-accounts/" + account)).then().statusCode(204);
        acme.as(botToken).get(acme.experiments()).then().statusCode(401);
    }

    @Test
    void unknownScopesAreNamedField() {
        ExtractableResponse<Response> r =
                createToken(admin, Map.of("name", "x", "scopes", List.of("experiments:read", "root")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<String>path("errors[0].field")).isEqualTo("scopes[1]");
        assertThat(r.<String>path("errors[0].message")).contains("'root' is not a scope");
    }

    @Test
    void aSuspendedTenantCanBeReadButNotChanged() {
        Api.admin()
                .contentType("application/json")
                .body(Map.of("status", "suspended"))
                .patch("/api/v1/admin/tenants/" + acme.slug())
                .then()
                .statusCode(200)
                .body("status", equalTo("suspended"));
        acme.as(admin).get(acme.experiments()).then().statusCode(200);
        acme.as(admin)
                .multiPart("config", "config.yml", "trialConcurrency: 1".getBytes(), "application/yaml")
                .post(acme.experiments())
                .then()
                .statusCode(403)
                .body("detail", containsString("suspended"));
    }

    @Test
    void onlyPlatformAdminsManageTenants() {
        acme.as(admin)
                .contentType("application/json")
                .body(Map.of("slug", "evil", "name", "Evil"))
                .post("/api/v1/admin/tenants")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().get("/api/v1/admin/tenants").then().statusCode(401);
        Api.admin().get("/api/v1/admin/tenants").then().statusCode(200).body("slug", hasItem(acme.slug()));
        Api.admin()
                .contentType("application/json")
                .body(Map.of("slug", "Bad Slug!", "name", "x"))
                .post("/api/v1/admin/tenants")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("slug"));
        acme.as(admin).get(acme.path("/tokens")).then().statusCode(200).body("token", not(hasItem(admin)));
    }
}
