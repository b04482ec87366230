package dev.sibyl.scheduler.experiment;

import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Reward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * An {@link ExperimentStore} held in memory, for one experiment. It does what the PostgreSQL store does: allocates
 * trial ids ({@link TrialIds}, unique), sequence ids and parameter ids; writes NNI ParameterRecord JSON text;
 * parses metric payloads ({@code {parameter_id, trial_job_id, type, sequence, value: "<metric JSON>"}}) into
 * scalar rewards; refuses transitions a real store would refuse. Every write is also appended to a journal (like
 * NNI's {@code TrialJobEvent} table) so tests can check the order of writes.
 *
 * <p>The methods a server has beyond the port (customized trials go through {@link #createTrial}, HTTP-channel
 * metrics through {@link #reportMetric}, import-data through {@link #importObservation}, PATCH through {@link
 * #setLimits}) are here too, so tests can act as the server does.
 */
final class InMemoryExperimentStore implements ExperimentStore {
    private final String experimentId;
    private final RandomGenerator rng;
    private ExperimentStatus status = ExperimentStatus.RUNNING;
    private String message;
    private Limits limits;
    private Duration execDuration = Duration.ZERO;
    private final List<StoredTrial> trials = new ArrayList<>();
    private final List<Observation> imported = new ArrayList<>();
    private final Set<String> usedTrialIds = new HashSet<>();
    private final List<String> journal = new ArrayList<>();
    private long nextSequenceId;
    private long nextParameterId;

    InMemoryExperimentStore(String experimentId, Limits limits, RandomGenerator rng) {
        this.experimentId = experimentId;
        this.limits = limits;
        this.rng = rng;
    }

    private static final class StoredTrial {
        final String trialId;
        final long sequenceId;
        final Long parameterId;
        final ParameterSource source;
        final Map<String, Object> parameters;
        final String parameterRecord;
        String requeuedFrom;
        TrialStatus status = TrialStatus.WAITING;
        boolean submitted;
        TrialStatus cancelAs;
        Instant startedAt;
        Instant endedAt;
        String message;
        long metricOffset;
        Double finalReward;
        final TreeMap<Long, Double> intermediate = new TreeMap<>();
        final List<String> metrics = new ArrayList<>();

        StoredTrial(
                String trialId,
                long sequenceId,
                Long parameterId,
                ParameterSource source,
                Map<String, Object> parameters,
                String parameterRecord) {
            this.trialId = trialId;
            this.sequenceId = sequenceId;
            this.parameterId = parameterId;
            this.source = source;
            this.parameters = parameters;
            this.parameterRecord = parameterRecord;
        }

        TrialRecord record() {
            return new TrialRecord(
                    trialId,
                    sequenceId,
                    parameterId,
                    source,
                    parameters,
                    parameterRecord,
                    status,
                    submitted,
                    cancelAs,
                    startedAt,
                    endedAt,
                    metricOffset,
                    finalReward,
                    new ArrayList<>(intermediate.values()),
                    requeuedFrom);
        }

        boolean active() {
            return status == TrialStatus.WAITING || status == TrialStatus.RUNNING;
        }
    }

    // ---- the port ----

    @Override
    public synchronized ExperimentSnapshot load() {
        return new ExperimentSnapshot(
                experimentId,
                status,
                limits,
                execDuration,
                trials.stream().map(StoredTrial::record).toList(),
                imported);
    }

    @Override
    public synchronized TrialRecord createTrial(Map<String, Object> parameters, ParameterSource source) {
        Objects.requireNonNull(parameters, "parameters");
        if (limits.maxTrialNumber() != null
                && trials.stream().filter(t -> t.requeuedFrom == null).count() >= limits.maxTrialNumber()) {
            throw new TrialBudgetExhaustedException(experimentId, limits.maxTrialNumber());
        }
        String trialId;
        do {
            trialId = TrialIds.next(rng);
        } while (!usedTrialIds.add(trialId));
        Long parameterId = source == ParameterSource.ALGORITHM ? nextParameterId++ : null;
        Map<String, Object> copy = new LinkedHashMap<>(parameters);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("parameter_id", parameterId);
        record.put("parameter_source", source.wire());
        record.put("parameters", copy);
        record.put("parameter_index", 0);
        StoredTrial trial = new StoredTrial(trialId, nextSequenceId++, parameterId, source, copy, Json.write(record));
        trials.add(trial);
        journal.add("create " + trialId);
        return trial.record();
    }

    @Override
    public synchronized String requeue(String trialId) {
        StoredTrial old = find(trialId);
        String again;
        do {
            again = TrialIds.next(rng);
        } while (!usedTrialIds.add(again));
        StoredTrial trial = new StoredTrial(
                again, nextSequenceId++, old.parameterId, old.source, old.parameters, old.parameterRecord);
        trial.requeuedFrom = trialId;
        trials.add(trial);
        journal.add("requeue " + trialId + " as " + again);
        return again;
    }

    @Override
    public synchronized void markSubmitted(String trialId) {
        StoredTrial trial = find(trialId);
        requireActive(trial, "markSubmitted");
        trial.submitted = true;
        journal.add("submitted " + trialId);
    }

    @Override
    public synchronized void markRunning(String trialId, Instant startedAt) {
        StoredTrial trial = find(trialId);
        requireActive(trial, "markRunning");
        trial.status = TrialStatus.RUNNING;
        trial.startedAt = startedAt;
        journal.add("running " + trialId);
    }

    @Override
    public synchronized void markFinished(String trialId, TrialStatus status, Instant endedAt, String message) {
        if (!status.finished()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        StoredTrial trial = find(trialId);
        requireActive(trial, "markFinished");
        trial.status = status;
        trial.endedAt = endedAt;
        trial.message = message;
        journal.add("finished " + trialId + " " + status);
    }

    @Override
    public synchronized void requestCancel(String trialId, TrialStatus cancelAs) {
        if (!cancelAs.finished()) {
            throw new IllegalArgumentException(cancelAs + " is not a final status");
        }
        StoredTrial trial = find(trialId);
        requireActive(trial, "requestCancel");
        if (trial.cancelAs == null) {
            trial.cancelAs = cancelAs; // the first reason to stop a trial is the one it ends with
        }
        journal.add("cancel " + trialId + " " + cancelAs);
    }

    @Override
    public synchronized void appendFileMetrics(String trialId, List<String> payloads, long nextOffset) {
        StoredTrial trial = find(trialId);
        if (nextOffset < trial.metricOffset) {
            throw new IllegalArgumentException(
                    "offset " + nextOffset + " is behind the stored offset " + trial.metricOffset);
        }
        payloads.forEach(payload -> storeMetric(trial, payload));
        trial.metricOffset = nextOffset;
        journal.add("metrics " + trialId + " " + payloads.size());
    }

    @Override
    public synchronized void setStatus(ExperimentStatus status, String message) {
        this.status = status;
        this.message = message;
        journal.add("status " + status);
    }

    @Override
    public synchronized void addExecDuration(Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("negative execution time " + delta);
        }
        execDuration = execDuration.plus(delta);
    }

    // ---- what the server does besides the port ----

    /** A metric that arrived over the HTTP trial channel. */
    synchronized void reportMetric(String trialId, String payload) {
        storeMetric(find(trialId), payload);
    }

    /** One entry of NNI's import-data, numbered from the same parameter-id counter as algorithm trials. */
    synchronized Observation importObservation(Map<String, Object> parameters, double value) {
        Observation observation = Observation.succeeded(nextParameterId++, parameters, value);
        imported.add(observation);
        return observation;
    }

    synchronized void setLimits(Limits limits) {
        this.limits = limits;
    }

    synchronized ExperimentStatus status() {
        return status;
    }

    synchronized String message() {
        return message;
    }

    synchronized Duration execDuration() {
        return execDuration;
    }

    synchronized List<TrialRecord> trials() {
        return load().trials();
    }

    synchronized TrialRecord trial(String trialId) {
        return find(trialId).record();
    }

    synchronized String trialMessage(String trialId) {
        return find(trialId).message;
    }

    /** The metric payloads stored for a trial, in arrival order. */
    synchronized List<String> metrics(String trialId) {
        return List.copyOf(find(trialId).metrics);
    }

    synchronized List<String> journal() {
        return List.copyOf(journal);
    }

    // ---- internals ----

    private void storeMetric(StoredTrial trial, String payload) {
        Map<String, Object> metric = Json.parseObject(payload);
        if (!trial.trialId.equals(metric.get("trial_job_id"))) {
            throw new IllegalArgumentException(
                    "metric of " + metric.get("trial_job_id") + " stored for " + trial.trialId);
        }
        Object value = Json.parse((String) metric.get("value"));
        Double reward = Reward.scalar(value).orElse(null);
        String type = (String) metric.get("type");
        if ("FINAL".equals(type)) {
            trial.finalReward = reward;
        } else if ("PERIODICAL".equals(type)) {
            long sequence = ((Number) metric.get("sequence")).longValue();
            if (reward != null) {
                trial.intermediate.put(sequence, reward);
            }
        } else {
            throw new IllegalArgumentException("unknown metric type " + type);
        }
        trial.metrics.add(payload);
    }

    private StoredTrial find(String trialId) {
        return trials.stream()
                .filter(t -> t.trialId.equals(trialId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no trial " + trialId));
    }

    private static void requireActive(StoredTrial trial, String operation) {
        if (!trial.active()) {
            throw new IllegalStateException(operation + " on " + trial.trialId + ", which is already " + trial.status);
        }
    }
}
