package dev.sibyl.server.graph;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class GraphQueryTest {
    @Inject
    ApiTokens tokens;

    private static JsonPath graph(String token, String query) {
        var request = given().contentType("application/json").body(Map.of("query", query));
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        String body = request.post("/graphql").then().extract().asString();
        assertThat(body).doesNotContain("dev.sibyl").doesNotContain("java.").doesNotContain("\tat ");
        return JsonPath.from(body);
    }

    private static String submit(TestTenant t, String token, String name) {
        return t.as(token)
                .multiPart(
                        "config",
                        "config.yml",
                        Api.quadraticConfig(Map.of("maxTrialNumber", "2", "experimentName", name))
                                .getBytes(),
                        "application/yaml")
                .multiPart("code", "code.tar.gz", Api.quadraticCode(), "application/gzip")
                .post(t.experiments())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void aMemberReadsExperimentsTrialsMetricsQuotaAndUsageOfItsTenant() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String reader = acme.token(Role.VIEWER, Scope.EXPERIMENTS_READ);
        String id = submit(acme, acme.token(Role.MEMBER), "graph-visible");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonPath r;
        do {
            Thread.sleep(500);
            r = graph(
                    reader,
                    "{ tenant(slug: \"" + acme.slug() + "\") { slug role"
                            + " experiment(id: \"" + id + "\") { id name status trials { id status finalMetricJson"
                            + " metrics(type: \"FINAL\") { type valueJson } } }"
                            + " experiments { id } quota { weight } usage { runningExperiments concurrentTrials } } }");
        } while (!"DONE".equals(r.getString("data.tenant.experiment.status"))
                && Instant.now().isBefore(deadline));

        assertThat(r.getList("errors")).isNull();
        assertThat(r.getString("data.tenant.role")).isEqualTo("viewer");
        assertThat(r.getString("data.tenant.experiment.name")).isEqualTo("graph-visible");
        assertThat(r.getString("data.tenant.experiment.status")).isEqualTo("DONE");
        assertThat(r.getList("data.tenant.experiment.trials")).hasSize(2);
        assertThat(r.getList("data.tenant.experiment.trials[0].metrics.type")).containsExactly("FINAL");
        assertThat(r.getString("data.tenant.experiment.trials[0].metrics[0].valueJson"))
                .isEqualTo(r.getString("data.tenant.experiment.trials[0].finalMetricJson"));
        assertThat(r.getList("data.tenant.experiments.id")).containsExactly(id);
        assertThat(r.getDouble("data.tenant.quota.weight")).isEqualTo(1.0);
        assertThat(r.getInt("data.tenant.usage.runningExperiments")).isZero();
    }

    @Test
    void everyQueryAnsweredForAnotherTenantIsNotFoundAndLeaksNothing() {
        TestTenant victim = TestTenants.create(tokens);
        TestTenant attacker = TestTenants.create(tokens);
        String secret = "graph-secret-" + UUID.randomUUID().toString().substring(0, 8);
        String victimExperiment = submit(victim, victim.token(Role.MEMBER), secret);
        String attackerToken = attacker.token(Role.ADMIN);

        // Every root query and every tenant field that takes an id, from the schema itself.
        JsonPath schema = graph(attackerToken, "{ __schema { queryType { fields { name } } } }");
        List<String> roots = schema.getList("data.__schema.queryType.fields.name");
        assertThat(roots).contains("tenant");
        List<String> probes = new ArrayList<>();
        for (String root : roots) {
            probes.add("{ " + root + "(slug: \"" + victim.slug() + "\") { slug name } }");
        }
        List<Map<String, Object>> fields = graph(
                        attackerToken, "{ __type(name: \"TenantNode\") { fields { name args { name } } } }")
                .getList("data.__type.fields");
        for (Map<String, Object> field : fields) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> args = (List<Map<String, Object>>) field.get("args");
            if (args.stream().anyMatch(a -> a.get("name").equals("id"))) {
                probes.add("{ tenant(slug: \"" + attacker.slug() + "\") { " + field.get("name") + "(id: \""
                        + victimExperiment + "\") { id name } } }");
            }
        }
        assertThat(probes).hasSizeGreaterThanOrEqualTo(2);
        for (String probe : probes) {
            JsonPath r = graph(attackerToken, probe);
            assertThat(r.getString("errors[0].extensions.code")).as(probe).isEqualTo("not-found");
            assertThat(r.prettify()).as(probe).doesNotContain(secret);
        }
        JsonPath anonymous = graph(null, "{ tenant(slug: \"" + victim.slug() + "\") { slug } }");
        assertThat(anonymous.getString("errors[0].extensions.code")).isEqualTo("unauthenticated");
        assertThat(anonymous.getString("data.tenant")).isNull();
    }
}
