package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.fairshare.Settings;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot carries, for each experiment with waiting trials, a runtime estimate learnt from its trials that
 * ended on their own ({@code sibyl.scheduler.runtime-estimates}, ADR 0030), in milliseconds like the rest of the
 * snapshot. The experiments and trials are written straight into the store, with known start and end times; no
 * driver runs them, and their waiting trials ask for a pool that does not exist, so no pass admits them.
 */
@QuarkusTest
class SnapshotEstimatesTest {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static final AtomicLong IDS = new AtomicLong(-7_000_000 - (System.nanoTime() % 1_000_000) * 100);
    private static final EstimateSettings DEFAULTS = new EstimateSettings(0.5, 20, 3);

    @Inject
    ApiTokens tokens;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    PoolService pools;

    private final List<String> experiments = new ArrayList<>();
    private TestTenant tenant;
    /** Where the waiting trials ask to run: nowhere, so they keep waiting. */
    private String nowhere;

    @BeforeEach
    void tenant() {
        tenant = TestTenants.create(tokens);
        nowhere = "nowhere-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void deleteExperiments() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("delete from experiments where id = any (?)")) {
            s.setArray(1, c.createArrayOf("varchar", experiments.toArray()));
            s.executeUpdate();
        }
    }

    @Test
    void theMedianOfTheTrialsThatEndedOnTheirOwnInMilliseconds() throws SQLException {
        String mixed = experiment();
        waiting(mixed);
        ended(mixed, "SUCCEEDED", 1, 60);
        ended(mixed, "FAILED", 2, 20);
        ended(mixed, "SUCCEEDED", 3, 40);
        // stopped from outside, or by an assessor well before the limit: none of them says how long a trial runs
        ended(mixed, "SYS_CANCELED", 4, 5);
        ended(mixed, "USER_CANCELED", 5, 5);
        ended(mixed, "EARLY_STOPPED", 6, 5);

        Snapshot snapshot = read(DEFAULTS);

        assertThat(snapshot.waiting()).anyMatch(w -> w.experiment().equals(mixed));
        assertThat(snapshot.expectedRuntimes()).containsEntry(mixed, 40_000L);
    }

    @Test
    void fewerThanMinSamplesThatEndedOnTheirOwnGiveNoEstimate() throws SQLException {
        String young = experiment();
        waiting(young);
        ended(young, "SUCCEEDED", 1, 30);
        ended(young, "FAILED", 2, 30);
        ended(young, "SYS_CANCELED", 3, 30);
        ended(young, "USER_CANCELED", 4, 30);
        ended(young, "EARLY_STOPPED", 5, 30);

        Snapshot snapshot = read(DEFAULTS);

        assertThat(snapshot.waiting()).anyMatch(w -> w.experiment().equals(young));
        assertThat(snapshot.expectedRuntimes()).doesNotContainKey(young);
    }

    @Test
    void onlyTheLatestWindowOfTrialsByTheirEndCount() throws SQLException {
        String drifting = experiment();
        waiting(drifting);
        // written newest first, so neither the order of writing nor of sequence ids is the order of ending
        ended(drifting, "SUCCEEDED", 6, 20);
        ended(drifting, "SUCCEEDED", 5, 30);
        ended(drifting, "SUCCEEDED", 4, 10);
        ended(drifting, "SUCCEEDED", 3, 800);
        ended(drifting, "SUCCEEDED", 2, 900);
        ended(drifting, "SUCCEEDED", 1, 1000);

        // the latest three: 10, 30, 20 s
        assertThat(read(new EstimateSettings(0.5, 3, 3)).expectedRuntimes()).containsEntry(drifting, 20_000L);
        // all six: 10, 20, 30, 800, 900, 1000 s, the lower median
        assertThat(read(DEFAULTS).expectedRuntimes()).containsEntry(drifting, 30_000L);
    }

    @Test
    void experimentsWithoutWaitingTrialsHaveNoEstimate() throws SQLException {
        String idle = experiment();
        ended(idle, "SUCCEEDED", 1, 30);
        ended(idle, "SUCCEEDED", 2, 30);
        ended(idle, "SUCCEEDED", 3, 30);
        String busy = experiment();
        waiting(busy);
        ended(busy, "SUCCEEDED", 1, 30);
        ended(busy, "SUCCEEDED", 2, 30);
        ended(busy, "SUCCEEDED", 3, 30);

        Snapshot snapshot = read(DEFAULTS);

        assertThat(snapshot.expectedRuntimes()).containsEntry(busy, 30_000L).doesNotContainKey(idle);
    }

    @Test
    void trialsStoppedAtTheMaxTrialDurationRanTheirFullAllowanceAndCount() throws SQLException {
        String limited = experiment(100);
        waiting(limited);
        ended(limited, "SUCCEEDED", 1, 20);
        ended(limited, "SUCCEEDED", 2, 40);
        // the driver ends a trial past maxTrialDuration (100 s) as EARLY_STOPPED
        ended(limited, "EARLY_STOPPED", 3, 100);
        ended(limited, "EARLY_STOPPED", 4, 101);
        ended(limited, "EARLY_STOPPED", 5, 102);
        // stopped by an assessor long before the limit
        ended(limited, "EARLY_STOPPED", 6, 5);

        // 20, 40, 100, 101, 102 s: the median is a trial that hit the limit
        assertThat(read(DEFAULTS).expectedRuntimes()).containsEntry(limited, 100_000L);
    }

    @Test
    void quantileZeroTurnsEstimatesOff() throws SQLException {
        String known = experiment();
        waiting(known);
        ended(known, "SUCCEEDED", 1, 30);
        ended(known, "SUCCEEDED", 2, 30);
        ended(known, "SUCCEEDED", 3, 30);

        assertThat(read(DEFAULTS).expectedRuntimes()).containsEntry(known, 30_000L);
        assertThat(read(new EstimateSettings(0, 20, 3)).expectedRuntimes()).isEmpty();
    }

    private Snapshot read(EstimateSettings estimates) {
        return new SnapshotReader(
                        dataSource, json, Duration.ofHours(2), Duration.ofSeconds(40), estimates, Duration.ZERO)
                .read(pools.forScheduler(), System.currentTimeMillis(), Settings.DEFAULTS);
    }

    /** A running experiment of the tenant's with one trial at a time, written straight into the store. */
    private String experiment() throws SQLException {
        return experiment(86_400);
    }

    private String experiment(long maxTrialDurationSeconds) throws SQLException {
        String id = "e" + UUID.randomUUID().toString().replace("-", "").substring(0, 7);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("insert into experiments (id, tenant_id, status, config,"
                        + " search_space, trial_command, trial_concurrency, max_trial_duration_s, tuner_seed)"
                        + " values (?, ?, 'RUNNING', ?::jsonb, '{}'::jsonb, 'python3 work.py', 1, ?, 1)")) {
            s.setString(1, id);
            s.setLong(2, tenant.id());
            s.setString(
                    3, json.writeValueAsString(Map.of("trainingService", Map.of("platform", "pool", "pool", nowhere))));
            s.setLong(4, maxTrialDurationSeconds);
            s.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        experiments.add(id);
        return id;
    }

    private void waiting(String experiment) throws SQLException {
        trial(experiment, "w", 0, "WAITING", null, null);
    }

    /** The experiment's {@code index}th trial to end, {@code index} hours after T0, having run {@code seconds}. */
    private void ended(String experiment, String status, int index, long seconds) throws SQLException {
        Instant end = T0.plus(Duration.ofHours(index));
        trial(experiment, "h" + index, index, status, end.minusSeconds(seconds), end);
    }

    private void trial(String experiment, String trialId, int sequence, String status, Instant started, Instant ended)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("insert into trials (id, tenant_id, experiment_id, trial_id,"
                        + " sequence_id, parameter_source, parameters, parameter_record, status, started_at, ended_at)"
                        + " values (?, ?, ?, ?, ?, 'algorithm', '{}'::jsonb, '{}', ?, ?, ?)")) {
            s.setLong(1, IDS.decrementAndGet());
            s.setLong(2, tenant.id());
            s.setString(3, experiment);
            s.setString(4, trialId);
            // sequence ids rise against the order of ending, so only ended_at can pick the latest
            s.setLong(5, 1000 - sequence);
            s.setString(6, status);
            s.setTimestamp(7, started == null ? null : Timestamp.from(started));
            s.setTimestamp(8, ended == null ? null : Timestamp.from(ended));
            s.executeUpdate();
        }
    }
}
