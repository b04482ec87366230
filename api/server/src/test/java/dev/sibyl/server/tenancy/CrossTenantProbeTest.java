package dev.sibyl.server.tenancy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Membership;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.ServiceAccount;
import dev.sibyl.tenant.TokenSecrets;
import dev.sibyl.tenant.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Walks every tenant-scoped route of the server's own OpenAPI document (so routes added later are probed too)
 * as tenant B against tenant A's resources, in two ways: B's credentials on A's tenant path, and B's own tenant
 * path with A's ids. Nothing may succeed, nothing of A may appear in an answer, nothing may fail with a 500, and
 * A's resources must be unchanged afterwards.
 */
@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class CrossTenantProbeTest {
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    @Inject
    ApiTokens tokens;

    @Inject
    ObjectMapper json;

    @Test
    void noTenantScopedRouteLetsAnotherTenantSeeOrTouchAnything() throws Exception {
        TestTenant victim = TestTenants.create(tokens);
        TestTenant attacker = TestTenants.create(tokens);
        String victimToken = victim.token(Role.ADMIN);
        String attackerToken = attacker.token(Role.ADMIN);
        Victim v = prepare(victim, victimToken);

        JsonNode paths =
                json.readTree(given().get("/q/openapi?format=json").asString()).path("paths");
        List<String> failures = new ArrayList<>();
        int probes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> route = it.next();
            String template = route.getKey();
            if (!template.startsWith("/api/v1/tenants/{tenant}")) {
                continue;
            }
            boolean hasIds = PARAMETER
                    .matcher(template.substring("/api/v1/tenants/{tenant}".length()))
                    .find();
            for (Iterator<Map.Entry<String, JsonNode>> ops = route.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                // 1. B's credentials on A's tenant.
                failures.addAll(probe(method, op.getValue(), fill(template, victim.slug(), v), attackerToken, v));
                probes++;
                // 2. B's own tenant with A's ids.
                if (hasIds) {
                    failures.addAll(probe(method, op.getValue(), fill(template, attacker.slug(), v), attackerToken, v));
                    probes++;
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(probes).as("tenant-scoped operations probed").isGreaterThanOrEqualTo(25);
        // A is untouched: its experiment still runs, its token, service account and member are intact.
        assertThat(victim.as(victimToken)
                        .get(victim.experiments() + "/" + v.experimentId)
                        .then()
                        .extract()
                        .<String>path("status"))
                .isIn("RUNNING", "NO_MORE_TRIAL", "DONE");
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(ServiceAccount.<ServiceAccount>findById(v.serviceAccountId).disabledAt)
                    .isNull();
            assertThat(Membership.find(victim.id(), v.userId)).isPresent();
        });
        victim.as(v.token).get(victim.experiments()).then().statusCode(200);
    }

    private List<String> probe(String method, JsonNode operation, String path, String token, Victim v) {
        RequestSpecification request = given().header("Authorization", "Bearer " + token);
        JsonNode content = operation.path("requestBody").path("content");
        if (content.has("multipart/form-data")) {
            request = request.multiPart("config", "config.yml", "trialConcurrency: 1".getBytes(), "application/yaml");
        } else if (!content.isMissingNode() && content.size() > 0) {
            request = request.contentType("application/json").body("{}");
        }
        Response r = request.request(method, path);
        String body = r.asString();
        List<String> failures = new ArrayList<>();
        String what = method + " " + path + " -> " + r.statusCode();
        if (r.statusCode() >= 200 && r.statusCode() < 300) {
            failures.add(what + " succeeded: " + body);
        }
        if (r.statusCode() >= 500) {
            failures.add(what + " failed on the server: " + body);
        }
        for (String secret : v.secrets()) {
            if (body.contains(secret)) {
                failures.add(what + " leaked '" + secret + "'");
            }
        }
        return failures;
    }

    private static String fill(String template, String tenant, Victim v) {
        String withTenant = template.replace("{tenant}", tenant);
        Matcher m = PARAMETER.matcher(withTenant);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String before = withTenant.substring(0, m.start());
            String value;
            if (name.equals("experimentId") || (name.equals("id") && before.endsWith("/experiments/"))) {
                value = v.experimentId;
            } else if (name.equals("trialId")) {
                value = v.trialId;
            } else if (name.equals("id") && before.endsWith("/tokens/")) {
                value = Long.toString(v.tokenId);
            } else if (name.equals("id") && before.endsWith("/service-accounts/")) {
                value = Long.toString(v.serviceAccountId);
            } else if (name.equals("pluginId")) {
                value = Long.toString(v.pluginId);
            } else if (name.equals("userId")) {
                value = Long.toString(v.userId);
            } else if (name.equals("name")) {
                value = "stdout";
            } else {
                throw new AssertionError("the probe does not know path parameter {" + name + "} of " + template
                        + "; teach it which of the victim's ids to use");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Victim prepare(TestTenant victim, String adminToken) {
        Victim v = new Victim();
        v.name = "victim-secret-" + UUID.randomUUID().toString().substring(0, 8);
        v.experimentId = victim.as(adminToken)
                .multiPart(
                        "config",
                        "config.yml",
                        Api.quadraticConfig(Map.of(
                                        "maxTrialNumber", "50",
                                        "trialConcurrency", "1",
                                        "experimentName", v.name))
                                .getBytes(),
                        "application/yaml")
                .multiPart("code", "code.tar.gz", Api.quadraticCode(), "application/gzip")
                .post(victim.experiments())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (v.trialId == null && Instant.now().isBefore(deadline)) {
            List<String> trials = victim.as(adminToken)
                    .get(victim.experiments() + "/" + v.experimentId + "/trials")
                    .then()
                    .extract()
                    .path("id");
            v.trialId = trials == null || trials.isEmpty() ? null : trials.get(0);
        }
        assertThat(v.trialId).as("the victim's first trial").isNotNull();
        v.token = victim.as(adminToken)
                .contentType("application/json")
                .body(Map.of("name", "victim ci"))
                .post(victim.path("/tokens"))
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        v.tokenId = victim.as(adminToken)
                .get(victim.path("/tokens"))
                .then()
                .extract()
                .<Number>path("find { it.prefix == '" + TokenSecrets.prefix(v.token) + "' }.id")
                .longValue();
        v.serviceAccountName = "victim-bot-" + UUID.randomUUID().toString().substring(0, 8);
        v.serviceAccountId = victim.as(adminToken)
                .contentType("application/json")
                .body(Map.of("name", v.serviceAccountName, "role", "member"))
                .post(victim.path("/service-accounts"))
                .then()
                .statusCode(201)
                .extract()
                .<Number>path("id")
                .longValue();
        v.pluginName = "victim-plugin-" + UUID.randomUUID().toString().substring(0, 8);
        v.pluginId = victim.as(adminToken)
                .multiPart(
                        "jar",
                        "p.jar",
                        dev.sibyl.server.testing.TestPluginJars.acceptable(),
                        "application/java-archive")
                .multiPart("kind", "tuner")
                .multiPart("name", v.pluginName)
                .multiPart("version", "1")
                .post(victim.path("/plugins"))
                .then()
                .statusCode(201)
                .extract()
                .<Number>path("id")
                .longValue();
        v.email = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        v.userId = QuarkusTransaction.requiringNew().call(() -> {
            User u = new User();
            u.subject = UUID.randomUUID().toString();
            u.email = v.email;
            u.name = "Victim Person";
            u.createdAt = Instant.now();
            u.persist();
            Membership m = new Membership();
            m.tenantId = victim.id();
            m.userId = u.id;
            m.role = "member";
            m.createdAt = Instant.now();
            m.persist();
            return u.id;
        });
        return v;
    }

    /** What tenant A owns, and the strings of it that must never reach tenant B. */
    private static final class Victim {
        String name;
        String experimentId;
        String trialId;
        String token;
        long tokenId;
        long serviceAccountId;
        String serviceAccountName;
        long userId;
        String email;
        long pluginId;
        String pluginName;

        List<String> secrets() {
            return List.of(name, TokenSecrets.prefix(token), serviceAccountName, email, token, pluginName);
        }
    }
}
