package dev.sibyl.server.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sibyl.scheduler.experiment.ExperimentSnapshot;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.experiment.ExperimentStore;
import dev.sibyl.scheduler.experiment.Limits;
import dev.sibyl.scheduler.experiment.ParameterSource;
import dev.sibyl.scheduler.experiment.TrialBudgetExhaustedException;
import dev.sibyl.scheduler.experiment.TrialIds;
import dev.sibyl.scheduler.experiment.TrialRecord;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.metric.InvalidMetricException;
import dev.sibyl.server.metric.MetricPayloads;
import dev.sibyl.server.metric.MetricStore;
import dev.sibyl.server.metric.ReportedMetric;
import dev.sibyl.server.trial.TrialEntity;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The {@link ExperimentStore} of one experiment over PostgreSQL. Every method runs in a transaction of its
 * own, or joins the caller's when there is one (a REST request that locked the experiment row first).
 *
 * <p>Trial ids, sequence ids and parameter ids are allocated under a row lock on the experiment ({@code
 * select ... for update}), so concurrent creators (the driver, a customized trial from REST) never collide.
 * {@link #load} is called several times a second: what never changes once written (a trial's parameters and
 * record, the intermediate results of a finished trial, imported data) is cached by this instance, so a
 * load reads the few mutable columns of each trial and the intermediate results of trials still in flight.
 *
 * <p>Thread-safe: the driver's thread and request threads may use one instance at the same time.
 */
public final class PostgresExperimentStore implements ExperimentStore {
    private static final Logger LOG = Logger.getLogger(PostgresExperimentStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final String ACTIVE = "('WAITING', 'RUNNING', 'UNKNOWN')";

    private final String experimentId;
    private final long tenantId;
    private final DataSource dataSource;
    private final EntityManager entities;
    private final MetricStore metrics;
    private final InstantSource clock;
    private final RandomGenerator random;

    /** What a trial row never changes after it is created, by trial id. */
    private final Map<String, Fixed> fixed = new ConcurrentHashMap<>();
    /** Scalar intermediate rewards of trials seen finished (no metric arrives after that), by trial id. */
    private final Map<String, List<Double>> settledRewards = new ConcurrentHashMap<>();
    /** Objective values of ended trials; an empty list for an ended trial that gave none. */
    private final Map<String, List<Double>> settledValues = new ConcurrentHashMap<>();

    private volatile List<Objective> objectives;

    private volatile ImportedCache imported = new ImportedCache(0, 0, List.of());

    private record Fixed(
            long sequenceId,
            Long parameterId,
            ParameterSource source,
            Map<String, Object> parameters,
            String parameterRecord) {}

    private record ImportedCache(long count, long maxId, List<Observation> observations) {}

    /** One result of NNI's import-data: a parameter set and its metric. */
    public record ImportedResult(Map<String, Object> parameters, String valueJson, Double reward) {
        public ImportedResult {
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(valueJson, "valueJson");
        }
    }

    PostgresExperimentStore(
            String experimentId,
            long tenantId,
            DataSource dataSource,
            EntityManager entities,
            MetricStore metrics,
            InstantSource clock,
            RandomGenerator random) {
        this.experimentId = Objects.requireNonNull(experimentId, "experimentId");
        this.tenantId = tenantId;
        this.dataSource = dataSource;
        this.entities = entities;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
    }

    public String experimentId() {
        return experimentId;
    }

    public long tenantId() {
        return tenantId;
    }

    // ---- load ----

    @Override
    public ExperimentSnapshot load() {
        return inTransaction(() -> jdbc(this::loadWith));
    }

    private ExperimentSnapshot loadWith(Connection c) throws SQLException {
        ExperimentStatus status;
        Limits limits;
        Duration execDuration;
        try (PreparedStatement s = c.prepareStatement("select status, trial_concurrency, max_trial_number,"
                + " max_experiment_duration_s, max_trial_duration_s, exec_duration_ms from experiments where id = ?")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("experiment " + experimentId + " does not exist");
                }
                status = ExperimentStatus.valueOf(r.getString(1));
                limits = new Limits(r.getInt(2), nullableInt(r, 3), seconds(r, 4), seconds(r, 5));
                execDuration = Duration.ofMillis(r.getLong(6));
            }
        }
        List<TrialRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select trial_id, status, submitted, cancel_as, started_at,"
                + " ended_at, metric_offset, final_reward, requeued_from from trials where experiment_id = ?"
                + " order by sequence_id")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String cancelAs = r.getString(4);
                    double reward = r.getDouble(8);
                    Double finalReward = r.wasNull() ? null : reward;
                    rows.add(new TrialRow(
                            r.getString(1),
                            TrialStatus.valueOf(r.getString(2)),
                            r.getBoolean(3),
                            cancelAs == null ? null : TrialStatus.valueOf(cancelAs),
                            instant(r.getTimestamp(5)),
                            instant(r.getTimestamp(6)),
                            r.getLong(7),
                            finalReward,
                            r.getString(9)));
                }
            }
        }
        loadFixed(c, rows);
        Map<String, List<Double>> rewards = loadIntermediate(c, rows);
        Map<String, List<Double>> finalValues = loadFinalValues(c, rows);
        List<TrialRecord> trials = new ArrayList<>(rows.size());
        for (TrialRow row : rows) {
            Fixed f = fixed.get(row.trialId);
            trials.add(new TrialRecord(
                    row.trialId,
                    f.sequenceId(),
                    f.parameterId(),
                    f.source(),
                    f.parameters(),
                    f.parameterRecord(),
                    row.status,
                    row.submitted,
                    row.cancelAs,
                    row.startedAt,
                    row.endedAt,
                    row.metricOffset,
                    row.finalReward,
                    rewards.getOrDefault(row.trialId, List.of()),
                    row.requeuedFrom,
                    finalValues.get(row.trialId)));
        }
        return new ExperimentSnapshot(experimentId, status, limits, execDuration, trials, loadImported(c));
    }

    private record TrialRow(
            String trialId,
            TrialStatus status,
            boolean submitted,
            TrialStatus cancelAs,
            Instant startedAt,
            Instant endedAt,
            long metricOffset,
            Double finalReward,
            String requeuedFrom) {}

    private void loadFixed(Connection c, List<TrialRow> rows) throws SQLException {
        List<String> missing = rows.stream()
                .map(TrialRow::trialId)
                .filter(id -> !fixed.containsKey(id))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("select trial_id, sequence_id, parameter_id, parameter_source,"
                + " parameter_record from trials where experiment_id = ? and trial_id = any (?)")) {
            s.setString(1, experimentId);
            Array ids = c.createArrayOf("varchar", missing.toArray());
            s.setArray(2, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long parameterId = r.getLong(3);
                    Long pid = r.wasNull() ? null : parameterId;
                    String record = r.getString(5);
                    fixed.put(
                            r.getString(1),
                            new Fixed(
                                    r.getLong(2),
                                    pid,
                                    ParameterSource.valueOf(r.getString(4).toUpperCase(Locale.ROOT)),
                                    parametersOf(record),
                                    record));
                }
            } finally {
                ids.free();
            }
        }
    }

    /**
     * Scalar PERIODICAL rewards by trial, in sequence order. A trial already seen finished is served from
     * the cache; one finished now is read once more and then cached (its metrics are all stored by the time
     * its end is recorded: the HTTP channel answers a trial only after storing, the file channel is read
     * before the end is written).
     */
    private Map<String, List<Double>> loadIntermediate(Connection c, List<TrialRow> rows) throws SQLException {
        List<String> unsettled = rows.stream()
                .map(TrialRow::trialId)
                .filter(id -> !settledRewards.containsKey(id))
                .toList();
        Map<String, List<Double>> out = new HashMap<>();
        if (!unsettled.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("select trial_id, reward from metrics where experiment_id = ?"
                    + " and type = 'PERIODICAL' and reward is not null and trial_id = any (?)"
                    + " order by trial_id, sequence")) {
                s.setString(1, experimentId);
                Array ids = c.createArrayOf("varchar", unsettled.toArray());
                s.setArray(2, ids);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                                .add(r.getDouble(2));
                    }
                } finally {
                    ids.free();
                }
            }
        }
        for (TrialRow row : rows) {
            List<Double> settled = settledRewards.get(row.trialId);
            if (settled != null) {
                out.put(row.trialId, settled);
            } else if (row.status.finished()) {
                settledRewards.put(row.trialId, List.copyOf(out.getOrDefault(row.trialId, List.of())));
            }
        }
        return out;
    }

    /**
     * For a multi-objective search, each trial's objective values read from its FINAL metric (kept once the trial
     * has ended, since a FINAL metric never changes). Empty for a single-objective search.
     */
    private Map<String, List<Double>> loadFinalValues(Connection c, List<TrialRow> rows) throws SQLException {
        List<Objective> goals = objectives(c);
        if (goals.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Double>> out = new HashMap<>();
        List<String> unsettled = rows.stream()
                .map(TrialRow::trialId)
                .filter(id -> !settledValues.containsKey(id))
                .toList();
        if (!unsettled.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("select trial_id, value from metrics where experiment_id = ?"
                    + " and type = 'FINAL' and trial_id = any (?) order by trial_id, sequence")) {
                s.setString(1, experimentId);
                Array ids = c.createArrayOf("varchar", unsettled.toArray());
                s.setArray(2, ids);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String trialId = r.getString(1);
                        if (!out.containsKey(trialId)) {
                            Objectives.values(r.getString(2), goals).ifPresent(v -> out.put(trialId, v));
                        }
                    }
                } finally {
                    ids.free();
                }
            }
        }
        for (TrialRow row : rows) {
            List<Double> settled = settledValues.get(row.trialId);
            if (settled != null) {
                if (!settled.isEmpty()) {
                    out.put(row.trialId, settled);
                }
            } else if (row.status.finished()) {
                settledValues.put(row.trialId, out.getOrDefault(row.trialId, List.of()));
            }
        }
        return out;
    }

    private List<Objective> objectives(Connection c) throws SQLException {
        List<Objective> known = objectives;
        if (known == null) {
            try (PreparedStatement s =
                    c.prepareStatement("select config -> 'objectives' from experiments where id = ?")) {
                s.setString(1, experimentId);
                try (ResultSet r = s.executeQuery()) {
                    known = Objectives.ofJson(r.next() ? r.getString(1) : null);
                }
            }
            objectives = known;
        }
        return known;
    }

    private List<Observation> loadImported(Connection c) throws SQLException {
        long count;
        long maxId;
        try (PreparedStatement s = c.prepareStatement(
                "select count(*), coalesce(max(id), 0) from imported_data where experiment_id = ?")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                count = r.getLong(1);
                maxId = r.getLong(2);
            }
        }
        ImportedCache cached = imported;
        if (cached.count() == count && cached.maxId() == maxId) {
            return cached.observations();
        }
        List<Observation> observations = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select parameter_id, parameters::text, reward from imported_data"
                + " where experiment_id = ? order by id")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                long fallbackId = -1_000_000_000L;
                while (r.next()) {
                    long parameterId = r.getLong(1);
                    if (r.wasNull()) {
                        // rows imported without an allocated id: below every id a trial can be observed under
                        parameterId = fallbackId++;
                    }
                    Map<String, Object> parameters = readObject(r.getString(2));
                    double reward = r.getDouble(3);
                    observations.add(
                            r.wasNull()
                                    ? new Observation(
                                            parameterId, parameters, Observation.Outcome.FAILED, null, List.of())
                                    : Observation.succeeded(parameterId, parameters, reward));
                }
            }
        }
        List<Observation> frozen = List.copyOf(observations);
        imported = new ImportedCache(count, maxId, frozen);
        return frozen;
    }

    // ---- trials ----

    @Override
    public TrialRecord createTrial(Map<String, Object> parameters, ParameterSource source) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(source, "source");
        Map<String, Object> copy = new LinkedHashMap<>(parameters);
        return inTransaction(() -> {
            long sequenceId;
            Long parameterId;
            String trialId;
            String record;
            Instant now = clock.instant();
            try (Connection c = dataSource.getConnection()) {
                long nextParameter;
                int maxTrialNumber;
                try (PreparedStatement s = c.prepareStatement("select next_sequence_id, next_parameter_id,"
                        + " coalesce(max_trial_number, 0) from experiments where id = ? for update")) {
                    s.setString(1, experimentId);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw new IllegalStateException("experiment " + experimentId + " does not exist");
                        }
                        sequenceId = r.getLong(1);
                        nextParameter = r.getLong(2);
                        maxTrialNumber = r.getInt(3);
                    }
                }
                // Counted in a statement of its own: under READ COMMITTED it sees every trial committed by
                // whoever held the lock before us, which a subquery of the locking statement would not.
                if (maxTrialNumber > 0 && trialCount(c) >= maxTrialNumber) {
                    throw new TrialBudgetExhaustedException(experimentId, maxTrialNumber);
                }
                parameterId = source == ParameterSource.ALGORITHM ? nextParameter : null;
                trialId = freshTrialId(c);
                record = ParameterRecords.write(parameterId, source, copy);
                try (PreparedStatement s = c.prepareStatement(
                        "update experiments set next_sequence_id = ?," + " next_parameter_id = ? where id = ?")) {
                    s.setLong(1, sequenceId + 1);
                    s.setLong(2, parameterId == null ? nextParameter : nextParameter + 1);
                    s.setString(3, experimentId);
                    s.executeUpdate();
                }
            } catch (SQLException e) {
                throw failure("creating a trial", e);
            }
            TrialEntity trial = new TrialEntity();
            trial.tenantId = tenantId;
            trial.experimentId = experimentId;
            trial.trialId = trialId;
            trial.sequenceId = sequenceId;
            trial.parameterId = parameterId;
            trial.parameterSource = source.wire();
            trial.parameters = copy;
            trial.parameterRecord = record;
            trial.status = TrialStatus.WAITING.name();
            trial.createdAt = now;
            entities.persist(trial);
            entities.flush();
            Map<String, Object> frozen = parametersOf(record);
            fixed.put(trialId, new Fixed(sequenceId, parameterId, source, frozen, record));
            return new TrialRecord(
                    trialId,
                    sequenceId,
                    parameterId,
                    source,
                    frozen,
                    record,
                    TrialStatus.WAITING,
                    false,
                    null,
                    null,
                    null,
                    0,
                    null,
                    List.of(),
                    null);
        });
    }

    @Override
    public String requeue(String preemptedTrialId) {
        return inTransaction(() -> {
            TrialEntity old = TrialEntity.<TrialEntity>find(
                            "experimentId = ?1 and trialId = ?2", experimentId, preemptedTrialId)
                    .firstResultOptional()
                    .orElseThrow(() -> new IllegalArgumentException("no trial " + preemptedTrialId));
            long sequenceId;
            String trialId;
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement s =
                        c.prepareStatement("update experiments set next_sequence_id = next_sequence_id + 1 where id = ?"
                                + " returning next_sequence_id - 1")) {
                    s.setString(1, experimentId);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        sequenceId = r.getLong(1);
                    }
                }
                trialId = freshTrialId(c);
            } catch (SQLException e) {
                throw failure("queueing trial " + preemptedTrialId + " again", e);
            }
            TrialEntity again = new TrialEntity();
            again.tenantId = tenantId;
            again.experimentId = experimentId;
            again.trialId = trialId;
            again.sequenceId = sequenceId;
            again.parameterId = old.parameterId;
            again.parameterSource = old.parameterSource;
            again.parameters = old.parameters;
            again.parameterRecord = old.parameterRecord;
            again.status = TrialStatus.WAITING.name();
            again.requeuedFrom = preemptedTrialId;
            again.createdAt = clock.instant();
            entities.persist(again);
            entities.flush();
            return trialId;
        });
    }

    private String freshTrialId(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("select 1 from trials where experiment_id = ? and trial_id = ?")) {
            for (int attempt = 0; attempt < 1000; attempt++) {
                String candidate = TrialIds.next(random);
                s.setString(1, experimentId);
                s.setString(2, candidate);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return candidate;
                    }
                }
            }
        }
        throw new IllegalStateException("no free trial id found in experiment " + experimentId);
    }

    @Override
    public void markSubmitted(String trialId) {
        updateTrial(
                trialId,
                "update trials set submitted = true where experiment_id = ? and trial_id = ?" + " and status in "
                        + ACTIVE);
    }

    @Override
    public void markRunning(String trialId, Instant startedAt) {
        Objects.requireNonNull(startedAt, "startedAt");
        updateTrial(
                trialId,
                "update trials set status = 'RUNNING', started_at = ? where experiment_id = ? and trial_id = ?"
                        + " and status in " + ACTIVE,
                Timestamp.from(startedAt));
    }

    @Override
    public void markFinished(String trialId, TrialStatus status, Instant endedAt, String message) {
        if (!status.finished()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        inTransaction(() -> {
            // A trial that ends while its experiment proposes more holds its resources until the driver has queued
            // what follows it (ADR 0032); one stopped from outside gives them back at once.
            updateTrial(
                    trialId,
                    "update trials set status = ?, ended_at = ?, message = ?, slot_held_since = case when cast(? as boolean)"
                            + " and placement is not null and exists (select 1 from experiments e"
                            + " where e.id = trials.experiment_id and e.status = 'RUNNING') then cast(? as timestamptz) end"
                            + " where experiment_id = ? and trial_id = ? and status in " + ACTIVE,
                    status.name(),
                    Timestamp.from(endedAt),
                    message,
                    status != TrialStatus.SYS_CANCELED,
                    Timestamp.from(clock.instant()));
            // In the same transaction as the end: the driver's next look must find the rerun, or an experiment
            // whose last active trials were preempted would be DONE before anything queued them again.
            if (status == TrialStatus.SYS_CANCELED) {
                String again = null;
                if (preemptedAwaitingRerun(trialId)) {
                    again = requeue(trialId);
                    LOG.infof(
                            "experiment %s: trial %s was preempted; queued again as %s", experimentId, trialId, again);
                }
                explainPreemption(trialId, again);
            }
            return null;
        });
    }

    /**
     * Gives a trial the pool scheduler preempted the message saying why (in words for its own tenant, which {@code
     * PoolScheduler} left in its placement) and which trial runs it again, if one does.
     */
    private void explainPreemption(String trialId, String again) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("update trials set message = 'preempted: '"
                    + " || (placement ->> 'preemptedBecause') || coalesce('; queued again as trial ' || ?, '')"
                    + " where experiment_id = ? and trial_id = ? and status = 'SYS_CANCELED'"
                    + " and (placement ->> 'preemptedBecause') is not null")) {
                s.setString(1, again);
                s.setString(2, experimentId);
                s.setString(3, trialId);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Whether the trial has just ended SYS_CANCELED because the pool scheduler preempted it ({@code "preempted"} in
     * its placement), its experiment still proposes trials (a stop ends preempted trials for good) and nothing has
     * queued it again yet.
     */
    private boolean preemptedAwaitingRerun(String trialId) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select 1 from trials t join experiments e"
                    + " on e.id = t.experiment_id where t.experiment_id = ? and t.trial_id = ?"
                    + " and t.status = 'SYS_CANCELED' and (t.placement ->> 'preempted') = 'true'"
                    + " and e.status in ('RUNNING', 'NO_MORE_TRIAL', 'TUNER_NO_MORE_TRIAL')"
                    + " and not exists (select 1 from trials a where a.experiment_id = t.experiment_id"
                    + " and a.requeued_from = t.trial_id)")) {
                s.setString(1, experimentId);
                s.setString(2, trialId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public void requestCancel(String trialId, TrialStatus cancelAs) {
        if (!cancelAs.finished()) {
            throw new IllegalArgumentException(cancelAs + " is not a final status");
        }
        // The first reason to stop a trial is the one it ends with.
        updateTrial(
                trialId,
                "update trials set cancel_as = coalesce(cancel_as, ?) where experiment_id = ? and trial_id = ?"
                        + " and status in " + ACTIVE,
                cancelAs.name());
    }

    @Override
    public void appendFileMetrics(String trialId, List<String> payloads, long nextOffset) {
        List<ReportedMetric> parsed = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            try {
                ReportedMetric metric = MetricPayloads.parse(payload);
                if (!metric.trialId().equals(trialId)) {
                    LOG.warnf(
                            "experiment %s: trial %s wrote a metric for trial %s to its file channel; skipped",
                            experimentId, trialId, metric.trialId());
                    continue;
                }
                parsed.add(metric);
            } catch (InvalidMetricException e) {
                LOG.warnf(
                        "experiment %s: skipped a malformed metric record of trial %s: %s",
                        experimentId, trialId, e.getMessage());
            }
        }
        inTransaction(() -> {
            metrics.insert(tenantId, experimentId, parsed);
            jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("update trials set metric_offset = ?"
                        + " where experiment_id = ? and trial_id = ? and metric_offset <= ?")) {
                    s.setLong(1, nextOffset);
                    s.setString(2, experimentId);
                    s.setString(3, trialId);
                    s.setLong(4, nextOffset);
                    if (s.executeUpdate() == 0) {
                        requireTrial(c, trialId);
                        throw new IllegalArgumentException("metric offset " + nextOffset + " of trial " + trialId
                                + " is behind the stored offset");
                    }
                }
                return null;
            });
            return null;
        });
    }

    // ---- experiment ----

    @Override
    public void setStatus(ExperimentStatus status, String message) {
        Instant now = clock.instant();
        boolean ended = status == ExperimentStatus.DONE
                || status == ExperimentStatus.STOPPED
                || status == ExperimentStatus.ERROR;
        inTransaction(() -> jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("update experiments set status = ?, message = ?,"
                    + " started_at = coalesce(started_at, ?), ended_at = "
                    + (ended ? "coalesce(ended_at, ?)" : "null")
                    + " where id = ?")) {
                int i = 1;
                s.setString(i++, status.name());
                s.setString(i++, message);
                s.setTimestamp(i++, Timestamp.from(now));
                if (ended) {
                    s.setTimestamp(i++, Timestamp.from(now));
                }
                s.setString(i, experimentId);
                if (s.executeUpdate() == 0) {
                    throw new IllegalStateException("experiment " + experimentId + " does not exist");
                }
            }
            return null;
        }));
    }

    @Override
    public void addExecDuration(Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("negative execution time " + delta);
        }
        inTransaction(() -> jdbc(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("update experiments set exec_duration_ms = exec_duration_ms + ? where id = ?")) {
                s.setLong(1, delta.toMillis());
                s.setString(2, experimentId);
                s.executeUpdate();
            }
            return null;
        }));
    }

    /**
     * Stores results of NNI's import-data as prior knowledge of the tuner. Each gets a parameter id from the
     * experiment's counter (as NNI's dispatcher numbers imported data), allocated under the experiment row
     * lock; joins the caller's transaction when there is one.
     *
     * @return how many were stored
     */
    public int importResults(List<ImportedResult> results) {
        if (results.isEmpty()) {
            return 0;
        }
        return inTransaction(() -> jdbc(c -> {
            long next;
            try (PreparedStatement s =
                    c.prepareStatement("select next_parameter_id from experiments where id = ? for update")) {
                s.setString(1, experimentId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalStateException("experiment " + experimentId + " does not exist");
                    }
                    next = r.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("insert into imported_data (tenant_id, experiment_id,"
                    + " parameter_id, parameters, value, reward) values (?, ?, ?, ?::jsonb, ?, ?)")) {
                for (ImportedResult result : results) {
                    s.setLong(1, tenantId);
                    s.setString(2, experimentId);
                    s.setLong(3, next++);
                    s.setString(4, JSON.writeValueAsString(result.parameters()));
                    s.setString(5, result.valueJson());
                    if (result.reward() == null) {
                        s.setNull(6, Types.DOUBLE);
                    } else {
                        s.setDouble(6, result.reward());
                    }
                    s.addBatch();
                }
                s.executeBatch();
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("imported parameters are not JSON data", e);
            }
            try (PreparedStatement s =
                    c.prepareStatement("update experiments set next_parameter_id = ? where id = ?")) {
                s.setLong(1, next);
                s.setString(2, experimentId);
                s.executeUpdate();
            }
            return results.size();
        }));
    }

    // ---- plumbing ----

    private void updateTrial(String trialId, String sql, Object... leading) {
        inTransaction(() -> jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                for (Object value : leading) {
                    if (value == null) {
                        s.setNull(i++, Types.VARCHAR);
                    } else {
                        s.setObject(i++, value);
                    }
                }
                s.setString(i++, experimentId);
                s.setString(i, trialId);
                if (s.executeUpdate() == 0) {
                    // Already ended: a transition of an ended trial changes nothing (another path got there first).
                    requireTrial(c, trialId);
                    LOG.debugf("experiment %s: trial %s has already ended; %s skipped", experimentId, trialId, sql);
                }
            }
            return null;
        }));
    }

    private void requireTrial(Connection c, String trialId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("select 1 from trials where experiment_id = ? and trial_id = ?")) {
            s.setString(1, experimentId);
            s.setString(2, trialId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("experiment " + experimentId + " has no trial " + trialId);
                }
            }
        }
    }

    private long trialCount(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("select count(*) from trials where experiment_id = ? and requeued_from is null")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        return QuarkusTransaction.joiningExisting().call(work::get);
    }

    @FunctionalInterface
    private interface JdbcWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(JdbcWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure("a database call", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("experiment " + experimentId + ": " + what + " failed: " + e.getMessage(), e);
    }

    private static Map<String, Object> parametersOf(String record) {
        Map<String, Object> parsed = readObject(record);
        Object parameters = parsed.get("parameters");
        if (!(parameters instanceof Map<?, ?> map)) {
            throw new IllegalStateException("stored parameter record has no parameters object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return java.util.Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(String json) {
        try {
            return JSON.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static Integer nullableInt(ResultSet r, int column) throws SQLException {
        int value = r.getInt(column);
        return r.wasNull() ? null : value;
    }

    private static Duration seconds(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : Duration.ofSeconds(value);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
