package dev.sibyl.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage is computed from trials' start, end and placement: trials with known times (written straight into the
 * store, as if they had run on a two-GPU pool) give exact GPU-seconds and trial-seconds, clipped to the window.
 */
@QuarkusTest
class UsageTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final AtomicLong IDS = new AtomicLong(-1_000_000 - (System.nanoTime() % 1_000_000) * 100);
    private static final String CONFIG = TenantExperiments.config(1, 1, "trainingService:", "  platform: local");

    @Inject
    ApiTokens tokens;

    @Inject
    DataSource dataSource;

    private TestTenant tenant;
    private String token;
    private String experiment;

    @BeforeEach
    void experimentWithKnownTrials() {
        tenant = TestTenants.create(tokens);
        token = tenant.token(Role.MEMBER);
        experiment =
                TenantExperiments.submit(tenant, token, CONFIG, Map.of("x.txt", "x".getBytes(StandardCharsets.UTF_8)));
        tenant.as(token)
                .post(tenant.experiments() + "/" + experiment + "/stop")
                .then()
                .statusCode(200);
        // two GPUs on pool east for an hour
        trial(T0, T0.plusSeconds(3600), "{\"pool\": \"east\", \"machine\": \"m1\", \"gpus\": [0, 1]}");
        // no GPU on the local pool for two hours
        trial(
                T0.plusSeconds(7200),
                T0.plusSeconds(14400),
                "{\"pool\": \"local\", \"machine\": \"localhost\", \"gpus\": []}");
        // after the window, and one that never started
        trial(T0.plusSeconds(86_400), T0.plusSeconds(90_000), "{\"pool\": \"east\", \"gpus\": [0]}");
        trial(null, null, null);
    }

    @Test
    void gpuAndTrialSecondsAreClippedToTheWindowAndGroupedByPool() {
        JsonPath report = usage("from=2026-03-01T10:30:00Z&to=2026-03-01T13:00:00Z&groupBy=pool");

        assertThat(report.getString("tenant")).isEqualTo(tenant.slug());
        assertThat(report.getList("groupBy")).containsExactly("pool");
        List<Map<String, Object>> rows = report.getList("rows");
        assertThat(rows).hasSize(2);
        Map<String, Object> east = rows.stream()
                .filter(r -> "east".equals(r.get("pool")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> local = rows.stream()
                .filter(r -> "local".equals(r.get("pool")))
                .findFirst()
                .orElseThrow();
        // 30 minutes of the first trial fall in the window, with 2 GPUs; an hour of the second, with none
        assertThat(number(east, "gpuSeconds")).isEqualTo(3600.0);
        assertThat(number(east, "trialSeconds")).isEqualTo(1800.0);
        assertThat(number(east, "trials")).isEqualTo(1.0);
        assertThat(number(local, "gpuSeconds")).isEqualTo(0.0);
        assertThat(number(local, "trialSeconds")).isEqualTo(3600.0);
        assertThat(report.getDouble("total.gpuSeconds")).isEqualTo(3600.0);
        assertThat(report.getDouble("total.trialSeconds")).isEqualTo(5400.0);
        assertThat(report.getLong("total.trials")).isEqualTo(2);
    }

    @Test
    void groupingByExperimentAndPoolNamesBoth() {
        JsonPath report = usage("from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&groupBy=experiment,pool");

        List<Map<String, Object>> rows = report.getList("rows");
        assertThat(rows).extracting(r -> r.get("experimentId")).containsOnly(experiment);
        assertThat(rows).extracting(r -> r.get("pool")).containsExactly("east", "local");
        // east: the full hour with 2 GPUs plus the later hour-long trial with 1
        assertThat(number(rows.get(0), "gpuSeconds")).isEqualTo(7200.0 + 3600.0);
        assertThat(number(rows.get(0), "trials")).isEqualTo(2.0);
    }

    @Test
    void aRunningTrialCountsUpToNow() {
        Instant started = Instant.now().minusSeconds(100);
        trial(started, null, "{\"pool\": \"running-pool\", \"gpus\": [0, 1, 2]}");

        JsonPath report = usage("groupBy=pool");

        Map<String, Object> row = report.<Map<String, Object>>getList("rows").stream()
                .filter(r -> "running-pool".equals(r.get("pool")))
                .findFirst()
                .orElseThrow();
        assertThat(number(row, "trialSeconds")).isBetween(100.0, 400.0);
        assertThat(number(row, "gpuSeconds"))
                .isEqualTo(3 * number(row, "trialSeconds"), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        tenant.as(token)
                .get(tenant.path("/usage?from=yesterday"))
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("from"));
        tenant.as(token)
                .get(tenant.path("/usage?groupBy=colour"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("groupBy"));
        tenant.as(token)
                .get(tenant.path("/usage?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("from"));
        tenant.as(token)
                .get(tenant.path("/usage?from=2020-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("from"));
    }

    @Test
    void anotherTenantCannotReadThisUsage() {
        TestTenant other = TestTenants.create(tokens);
        String otherToken = other.token(Role.MEMBER);

        int status =
                other.as(otherToken).get(tenant.path("/usage")).then().extract().statusCode();

        assertThat(status).isIn(403, 404);
    }

    @Test
    void prometheusShowsAllTimeUsagePerTenantAndPoolToAdminsOnly() {
        String metrics = Api.admin()
                .get("/api/v1/admin/metrics")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .extract()
                .asString();

        assertThat(metrics).contains("# TYPE sibyl_tenant_gpu_seconds_total counter");
        assertThat(metrics)
                .contains("sibyl_tenant_gpu_seconds_total{tenant=\"" + tenant.slug() + "\",pool=\"east\"} 10800\n");
        // The two hours written on the local pool, plus whatever the experiment's own first trial ran there between
        // its submission and the stop: the scheduler may start it for a moment (all-time figures are not clipped).
        String localSeconds = metrics.lines()
                .filter(l -> l.startsWith(
                        "sibyl_tenant_trial_seconds_total{tenant=\"" + tenant.slug() + "\",pool=\"local\"} "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow();
        assertThat(Double.parseDouble(localSeconds))
                .isGreaterThanOrEqualTo(7200.0)
                .isLessThan(7200.0 + 60);
        assertThat(metrics).contains("sibyl_pool_waiting_trials{pool=\"local\"}");
        tenant.as(token).get("/api/v1/admin/metrics").then().statusCode(403);
    }

    /** The driver of a stopping experiment cancels its active trials; the trials written here must stay as they are. */
    private void awaitStopped() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            status = tenant.as(token)
                    .get(tenant.experiments() + "/" + experiment)
                    .then()
                    .extract()
                    .path("status");
            if ("STOPPED".equals(status) || "DONE".equals(status)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the experiment did not stop: " + status);
    }

    private JsonPath usage(String query) {
        return tenant.as(token)
                .get(tenant.path("/usage?" + query))
                .then()
                .statusCode(200)
                .body("tenant", equalTo(tenant.slug()))
                .extract()
                .jsonPath();
    }

    private static double number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    private void trial(Instant started, Instant ended, String placement) {
        long id = IDS.decrementAndGet();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("insert into trials (id, tenant_id, experiment_id, trial_id,"
                        + " sequence_id, parameter_source, parameters, parameter_record, status, started_at, ended_at,"
                        + " placement) values (?, ?, ?, ?, ?, 'algorithm', '{}'::jsonb, '{}', ?, ?, ?, ?::jsonb)")) {
            s.setLong(1, id);
            s.setLong(2, tenant.id());
            s.setString(3, experiment);
            s.setString(4, "u" + (-id % 10_000));
            s.setLong(5, 1000 - id % 100_000);
            s.setString(6, ended != null ? "SUCCEEDED" : started != null ? "RUNNING" : "WAITING");
            s.setTimestamp(7, started == null ? null : Timestamp.from(started));
            s.setTimestamp(8, ended == null ? null : Timestamp.from(ended));
            s.setString(9, placement);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
