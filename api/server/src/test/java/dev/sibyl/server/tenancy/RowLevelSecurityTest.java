package dev.sibyl.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The database's own wall: with the application's tenant filter out of the picture (raw SQL under the session
 * settings a tenant request gets), another tenant's rows are invisible and cannot be written.
 */
@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class RowLevelSecurityTest {
    @Inject
    ApiTokens tokens;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Test
    void rawQueriesUnderOneTenantsSettingSeeNoneOfAnothersRows() throws Exception {
        TestTenant a = TestTenants.create(tokens);
        TestTenant b = TestTenants.create(tokens);
        String aExperiment = submit(a);
        String bExperiment = submit(b);

        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            // Outside any tenant setting the owning role sees both (the drivers' narrow bypass).
            assertThat(ids(c, "select id from experiments")).contains(aExperiment, bExperiment);

            scope(c, a.id());
            assertThat(ids(c, "select id from experiments"))
                    .contains(aExperiment)
                    .doesNotContain(bExperiment);
            assertThat(ids(c, "select id from experiments where id = '" + bExperiment + "'"))
                    .isEmpty();
            assertThat(ids(c, "select distinct experiment_id from trials")).doesNotContain(bExperiment);
            assertThat(ids(c, "select distinct tenant_id::text from api_tokens"))
                    .containsOnly(Long.toString(a.id()));
            assertThatThrownBy(() -> execute(
                            c, "update experiments set name = 'x' where id = '" + bExperiment + "'" + " returning id"))
                    .isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> execute(
                            c,
                            "insert into service_accounts (id, tenant_id, name, role)" + " values (999999, " + b.id()
                                    + ", 'intruder', 'admin')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");

            // No tenant setting at all under the tenant role: nothing.
            execute(c, "select set_config('sibyl.tenant_id', '', false)");
            assertThat(ids(c, "select id from experiments")).isEmpty();
        }
    }

    private static String submit(TestTenant tenant) {
        return tenant.as(tenant.token(Role.MEMBER))
                .multiPart(
                        "config",
                        "config.yml",
                        Api.quadraticConfig(Map.of("maxTrialNumber", "1")).getBytes(),
                        "application/yaml")
                .multiPart("code", "code.tar.gz", Api.quadraticCode(), "application/gzip")
                .post(tenant.experiments())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void scope(Connection c, long tenantId) throws SQLException {
        execute(
                c,
                "select set_config('role', 'sibyl_tenant', false), set_config('sibyl.tenant_id', '" + tenantId
                        + "', false)");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean rows = s.execute(sql);
            if (rows && sql.contains("returning")) {
                try (ResultSet r = s.getResultSet()) {
                    if (!r.next()) {
                        throw new AssertionError("no row was changed");
                    }
                }
            }
        }
    }

    private static List<String> ids(Connection c, String sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }
}
