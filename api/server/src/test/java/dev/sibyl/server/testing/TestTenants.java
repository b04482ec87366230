package dev.sibyl.server.testing;

import static io.restassured.RestAssured.given;

import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.ServiceAccount;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Tenants made for one test: created through the admin API, with tokens of service accounts of any role. */
public final class TestTenants {
    private TestTenants() {}

    /** A tenant of the test server. */
    public record TestTenant(long id, String slug, ApiTokens tokens) {
        public String experiments() {
            return "/api/v1/tenants/" + slug + "/experiments";
        }

        public String path(String rest) {
            return "/api/v1/tenants/" + slug + rest;
        }

        /** A fresh token of a new service account with {@code role} and {@code scopes} (all when none given). */
        public String token(Role role, Scope... scopes) {
            long account = QuarkusTransaction.requiringNew().call(() -> {
                ServiceAccount a = new ServiceAccount();
                a.tenantId = id;
                a.name = "sa-" + UUID.randomUUID().toString().substring(0, 8);
                a.role = role.stored();
                a.createdAt = Instant.now();
                a.persist();
                return a.id;
            });
            Set<Scope> granted = scopes.length == 0 ? Scope.all() : Set.of(scopes);
            return tokens.create(new ApiTokens.NewToken(
                            id, "test " + role.stored(), role, granted, null, null, account, false))
                    .token();
        }

        public RequestSpecification as(String token) {
            return given().header("Authorization", "Bearer " + token);
        }
    }

    public static TestTenant create(ApiTokens tokens) {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        int id = Api.admin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Tenant " + slug))
                .post("/api/v1/admin/tenants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new TestTenant(id, slug, tokens);
    }
}
