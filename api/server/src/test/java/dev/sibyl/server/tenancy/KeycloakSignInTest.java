package dev.sibyl.server.tenancy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.RealKeycloak;
import dev.sibyl.tenant.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sign-in against a real Keycloak (RealKeycloak: the distribution from Maven Central with the realm of
 * infra/keycloak): people get JWTs by the password grant, are provisioned on their first call, and act in the
 * tenants they are members of, with their role, and in no other.
 */
@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
@QuarkusTestResource(value = RealKeycloak.class, restrictToAnnotatedClass = true)
class KeycloakSignInTest {
    private static String jwt(String user, String password) {
        return given().baseUri(RealKeycloak.issuer())
                .formParams(Map.of(
                        "grant_type", "password",
                        "client_id", "sibyl-portal",
                        "username", user,
                        "password", password,
                        "scope", "openid"))
                .post("/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt);
    }

    private static String tenant(String admin, String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        as(admin)
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", prefix))
                .post("/api/v1/admin/tenants")
                .then()
                .statusCode(201);
        return slug;
    }

    private static String invite(RequestSpecification inviter, String path, String email, String role) {
        return inviter.contentType("application/json")
                .body(Map.of("email", email, "role", role))
                .post(path)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    private static void accept(String jwt, String invitation, String expectedRole) {
        as(jwt).post("/api/v1/invitations/" + invitation + "/accept")
                .then()
                .statusCode(200)
                .body("role", equalTo(expectedRole));
    }

    private static int submit(String jwt, String slug) {
        return as(jwt).multiPart(
                        "config",
                        "config.yml",
                        Api.quadraticConfig(Map.of("maxTrialNumber", "1")).getBytes(),
                        "application/yaml")
                .multiPart("code", "code.tar.gz", Api.quadraticCode(), "application/gzip")
                .post("/api/v1/tenants/" + slug + "/experiments")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void membersSignInWithKeycloakAndActInTheirTenantsWithTheirRolesOnly() {
        String platformAdmin = jwt("platform-admin", "admin-password");
        String alice = jwt("alice", "alice-password");
        String bob = jwt("bob", "bob-password");
        String carol = jwt("carol", "carol-password");

        // The platform admin (realm role sibyl-platform-admin) creates two tenants and invites their owners.
        String acme = tenant(platformAdmin, "acme");
        String globex = tenant(platformAdmin, "globex");
        as(alice).get("/api/v1/admin/tenants").then().statusCode(403);
        accept(
                alice,
                invite(
                        as(platformAdmin),
                        "/api/v1/admin/tenants/" + acme + "/invitations",
                        "alice@example.com",
                        "owner"),
                "owner");
        accept(
                carol,
                invite(
                        as(platformAdmin),
                        "/api/v1/admin/tenants/" + globex + "/invitations",
                        "carol@example.com",
                        "member"),
                "member");

        // Alice was provisioned from her token on her first call.
        User provisioned = QuarkusTransaction.requiringNew()
                .call(() -> User.<User>find("email", "alice@example.com").firstResult());
        assertThat(provisioned).isNotNull();
        assertThat(provisioned.subject).isNotBlank();
        assertThat(provisioned.name).isEqualTo("Alice Example");

        // Alice, a member (owner) of acme, creates an experiment there.
        String experiments = "/api/v1/tenants/" + acme + "/experiments";
        assertThat(submit(alice, acme)).isEqualTo(201);
        String experimentId =
                as(alice).get(experiments).then().statusCode(200).extract().path("[0].id");

        // Bob joins acme as a viewer: he reads, his writes are refused.
        accept(
                bob,
                invite(as(alice), "/api/v1/tenants/" + acme + "/invitations", "bob@example.com", "viewer"),
                "viewer");
        as(bob).get(experiments + "/" + experimentId).then().statusCode(200);
        assertThat(submit(bob, acme)).isEqualTo(403);
        as(bob).post(experiments + "/" + experimentId + "/stop")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));

        // Carol, of globex, finds nothing of acme, by either path.
        as(carol).get(experiments + "/" + experimentId).then().statusCode(404).body("code", equalTo("not-found"));
        as(carol)
                .get("/api/v1/tenants/" + globex + "/experiments/" + experimentId)
                .then()
                .statusCode(404);
        as(carol)
                .get("/api/v1/tenants/" + globex + "/experiments")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));

        // A used invitation cannot be replayed, and a token whose payload was altered is refused.
        as(alice)
                .get("/api/v1/tenants/" + acme + "/members")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2));
        as(alice).post(experiments + "/" + experimentId + "/stop").then().statusCode(200);
    }

    @Test
    void aTamperedOrForeignTokenIs401() {
        String alice = jwt("alice", "alice-password");
        String[] parts = alice.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String forged = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("alice", "alicf").getBytes())
                + "." + parts[2];
        as(forged).get(Api.EXPERIMENTS).then().statusCode(401).body("code", equalTo("unauthenticated"));
        as("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get(Api.EXPERIMENTS).then().statusCode(401);
        // A valid person who is not a member of the default tenant: it does not exist for them.
        as(alice).get(Api.EXPERIMENTS).then().statusCode(404);
    }
}
