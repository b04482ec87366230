package dev.sibyl.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class AuditTrailTest {
    @Inject
    ApiTokens tokens;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    private static JsonPath audit(TestTenant t, String admin, String query) {
        return t.as(admin)
                .get(t.path("/audit" + query))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void everyWriteIsRecordedOnceWithItsActorAndOutcomeAndReadsAreNot() {
        TestTenant acme = TestTenants.create(tokens);
        String admin = acme.token(Role.ADMIN);
        String viewer = acme.token(Role.VIEWER);
        long adminToken = acme.as(admin).get(acme.path("/tokens")).then().extract().<List<Integer>>path("id").stream()
                .mapToLong(Integer::longValue)
                .min()
                .orElseThrow();

        acme.as(admin)
                .contentType("application/json")
                .body(Map.of("name", "bot", "role", "member"))
                .post(acme.path("/service-accounts"))
                .then()
                .statusCode(201);
        acme.as(admin)
                .contentType("application/json")
                .body(Map.of("name", "x", "scopes", List.of("root")))
                .post(acme.path("/tokens"))
                .then()
                .statusCode(400);
        acme.as(viewer)
                .contentType("application/json")
                .body("{}")
                .post(acme.experiments() + "/abcdefgh/stop")
                .then()
                .statusCode(403);
        acme.as(admin).get(acme.experiments()).then().statusCode(200);

        JsonPath all = audit(acme, admin, "");
        assertThat(all.getList("items.action"))
                .containsExactly("experiments.stop", "tokens.create", "service-accounts.create");
        assertThat(all.getList("items.outcome")).containsExactly("refused", "refused", "succeeded");
        assertThat(all.getList("items.status", Integer.class)).containsExactly(403, 400, 201);
        assertThat(all.getString("items[2].actor")).matches("service-account:\\d+/token:" + adminToken);
        assertThat(all.getString("items[0].actor")).isNotEqualTo(all.getString("items[2].actor"));
        assertThat(all.getString("items[0].target")).isEqualTo("experiments/abcdefgh/stop");
        assertThat(all.getString("items[0].sourceAddress")).isEqualTo("127.0.0.1");
        assertThat(all.getLong("total")).isEqualTo(3);

        JsonPath filtered = audit(acme, admin, "?action=tokens.create");
        assertThat(filtered.getList("items")).hasSize(1);
        assertThat(audit(acme, admin, "?from=2999-01-01T00:00:00Z").getList("items"))
                .isEmpty();
        acme.as(admin).get(acme.path("/audit?from=yesterday")).then().statusCode(400);
        acme.as(viewer).get(acme.path("/audit")).then().statusCode(403);

        assertThat(audit(acme, admin, "/verify").getBoolean("intact")).isTrue();
    }

    @Test
    void concurrentWritesKeepOneUnbrokenChain() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String admin = acme.token(Role.ADMIN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            calls.add(pool.submit(() -> acme.as(admin)
                    .contentType("application/json")
                    .body(Map.of("name", "bot-" + n, "role", "viewer"))
                    .post(acme.path("/service-accounts"))
                    .statusCode()));
        }
        for (Future<Integer> call : calls) {
            assertThat(call.get()).isEqualTo(201);
        }
        pool.shutdown();
        JsonPath verified = audit(acme, admin, "/verify");
        assertThat(verified.getBoolean("intact")).isTrue();
        assertThat(verified.getLong("checked")).isEqualTo(40);
    }

    @Test
    void theTrailIsAppendOnlyAndAChangedRowBreaksTheChainWhereItWasChanged() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String admin = acme.token(Role.ADMIN);
        for (int i = 0; i < 3; i++) {
            acme.as(admin)
                    .contentType("application/json")
                    .body(Map.of("name", "bot-" + i, "role", "viewer"))
                    .post(acme.path("/service-accounts"))
                    .then()
                    .statusCode(201);
        }
        long middle = audit(acme, admin, "").getLong("items[1].id");
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("update audit_events set actor = 'someone' where id = " + middle))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("delete from audit_events where id = " + middle))
                    .isInstanceOf(SQLException.class);
            // A superuser can switch the guard off; the chain still tells.
            s.execute("alter table audit_events disable trigger audit_append_only");
            s.execute("update audit_events set actor = 'someone' where id = " + middle);
            s.execute("alter table audit_events enable trigger audit_append_only");
        }
        JsonPath verified = audit(acme, admin, "/verify");
        assertThat(verified.getBoolean("intact")).isFalse();
        assertThat(verified.getLong("brokenAt")).isEqualTo(middle);
        assertThat(verified.getLong("checked")).isEqualTo(1);
        assertThat(verified.getString("reason")).contains("content");
    }
}
