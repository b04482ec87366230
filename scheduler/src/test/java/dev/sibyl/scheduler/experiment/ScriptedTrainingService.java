package dev.sibyl.scheduler.experiment;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link TrainingService} whose trials are driven by the test instead of by processes: the test starts them,
 * makes them report metrics and exits them with a code. Everything else follows the contract: submit is
 * idempotent per trial id, poll answers UNKNOWN for trials it never saw, cancel ends a trial as CANCELED (and
 * does nothing to finished or unknown ones), and metrics travel through a real byte-level file channel in NNI's
 * format ({@code ME} + 6-digit length + JSON payload with a trailing newline), read back from an offset with
 * incomplete records left for later. A new instance knows nothing: that is what "the restart lost the trials"
 * looks like; the same instance handed to a new driver is a service that kept running them.
 */
final class ScriptedTrainingService implements TrainingService {
    private final InstantSource clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<TrialLaunch> submissions = new ArrayList<>();
    private final List<String> cancels = new ArrayList<>();
    private final Deque<TrainerException> submitFailures = new ArrayDeque<>();
    private TrainerException readFailure;
    private TrainerException pollFailure;
    private Consumer<TrialLaunch> beforeSubmit = launch -> {};
    private boolean closed;

    ScriptedTrainingService(InstantSource clock) {
        this.clock = clock;
    }

    private static final class Job {
        final TrialLaunch launch;
        TrialState state = new TrialState(TrialPhase.WAITING, null, null, null, null);
        final ByteArrayOutputStream metricsFile = new ByteArrayOutputStream();
        final Map<LogName, StringBuilder> logs = new EnumMap<>(LogName.class);
        int nextSequence;

        Job(TrialLaunch launch) {
            this.launch = launch;
        }
    }

    // ---- the contract ----

    @Override
    public String platform() {
        return "local";
    }

    @Override
    public synchronized void submit(TrialLaunch launch) {
        requireOpen();
        beforeSubmit.accept(launch);
        if (!submitFailures.isEmpty()) {
            throw submitFailures.poll();
        }
        submissions.add(launch);
        jobs.putIfAbsent(launch.trialId(), new Job(launch));
    }

    @Override
    public synchronized TrialState poll(String trialId) {
        requireOpen();
        if (pollFailure != null) {
            throw pollFailure;
        }
        Job job = jobs.get(trialId);
        return job == null ? TrialState.unknown() : job.state;
    }

    @Override
    public synchronized void cancel(String trialId) {
        requireOpen();
        cancels.add(trialId);
        Job job = jobs.get(trialId);
        if (job != null && !job.state.phase().finished()) {
            job.state = new TrialState(TrialPhase.CANCELED, null, job.state.startedAt(), clock.instant(), null);
        }
    }

    @Override
    public synchronized MetricBatch readMetrics(String trialId, long offset) {
        requireOpen();
        if (readFailure != null) {
            throw readFailure;
        }
        Job job = jobs.get(trialId);
        if (job == null) {
            return new MetricBatch(List.of(), offset);
        }
        byte[] file = job.metricsFile.toByteArray();
        List<String> payloads = new ArrayList<>();
        int pos = (int) offset;
        while (pos + 8 <= file.length) {
            if (file[pos] != 'M' || file[pos + 1] != 'E') {
                throw new TrainerException(TrainerException.Kind.REJECTED, "corrupt metrics file at " + pos);
            }
            int length = Integer.parseInt(new String(file, pos + 2, 6, StandardCharsets.US_ASCII));
            if (pos + 8 + length > file.length) {
                break; // the trial is still writing this record
            }
            String payload = new String(file, pos + 8, length, StandardCharsets.UTF_8);
            payloads.add(payload.endsWith("\n") ? payload.substring(0, payload.length() - 1) : payload);
            pos += 8 + length;
        }
        return new MetricBatch(payloads, pos);
    }

    @Override
    public synchronized Optional<InputStream> openLog(String trialId, LogName log) {
        Job job = jobs.get(trialId);
        if (job == null || !job.logs.containsKey(log)) {
            return Optional.empty();
        }
        return Optional.of(new ByteArrayInputStream(job.logs.get(log).toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---- the script ----

    synchronized void start(String trialId) {
        Job job = job(trialId);
        if (job.state.phase() != TrialPhase.WAITING) {
            throw new IllegalStateException(trialId + " is " + job.state.phase());
        }
        job.state = new TrialState(TrialPhase.RUNNING, null, clock.instant(), null, null);
        job.logs.put(LogName.STDOUT, new StringBuilder());
    }

    /** Starts every trial that is waiting. */
    synchronized void startAll() {
        jobs.values().stream()
                .filter(j -> j.state.phase() == TrialPhase.WAITING)
                .map(j -> j.launch.trialId())
                .toList()
                .forEach(this::start);
    }

    /** {@code nni.report_intermediate_result(value)} over the file channel. */
    synchronized void reportIntermediate(String trialId, double value) {
        Job job = job(trialId);
        appendRecord(job, "PERIODICAL", job.nextSequence++, value);
    }

    /** {@code nni.report_final_result(value)} over the file channel. */
    synchronized void reportFinal(String trialId, double value) {
        appendRecord(job(trialId), "FINAL", 0, value);
    }

    /** Raw bytes appended to the metrics file, for half-written records. */
    synchronized void appendToMetricsFile(String trialId, byte[] bytes) {
        job(trialId).metricsFile.writeBytes(bytes);
    }

    synchronized void exit(String trialId, int code) {
        Job job = job(trialId);
        if (job.state.phase() != TrialPhase.RUNNING) {
            throw new IllegalStateException(trialId + " is " + job.state.phase());
        }
        job.state = new TrialState(
                code == 0 ? TrialPhase.SUCCEEDED : TrialPhase.FAILED,
                code,
                job.state.startedAt(),
                clock.instant(),
                code == 0 ? null : "exit code " + code);
    }

    /** The machine running the trial is gone: the trial polls LOST with {@code reason} from now on. */
    synchronized void lose(String trialId, String reason) {
        Job job = job(trialId);
        job.state = new TrialState(TrialPhase.LOST, null, job.state.startedAt(), null, reason);
    }

    /** Reports a final result and exits 0. */
    synchronized void succeed(String trialId, double finalValue) {
        reportFinal(trialId, finalValue);
        exit(trialId, 0);
    }

    synchronized void failNextSubmit(TrainerException failure) {
        submitFailures.add(failure);
    }

    /** Every following poll throws {@code failure}; null to answer again. */
    synchronized void failPolls(TrainerException failure) {
        pollFailure = failure;
    }

    /** Every following readMetrics throws {@code failure}; null to read again. */
    synchronized void failReads(TrainerException failure) {
        readFailure = failure;
    }

    /** Called with each launch before it is accepted, to look at the world at that moment. */
    synchronized void beforeSubmit(Consumer<TrialLaunch> check) {
        beforeSubmit = check;
    }

    /** Every accepted submit call, resubmissions of a known trial included. */
    synchronized List<TrialLaunch> submissions() {
        return List.copyOf(submissions);
    }

    synchronized List<String> cancels() {
        return List.copyOf(cancels);
    }

    synchronized TrialPhase phase(String trialId) {
        return poll(trialId).phase();
    }

    /** Ids of trials in the given phase, in submission order. */
    synchronized List<String> trialsIn(TrialPhase phase) {
        return jobs.values().stream()
                .filter(j -> j.state.phase() == phase)
                .map(j -> j.launch.trialId())
                .toList();
    }

    /** Ids of trials waiting or running. */
    synchronized List<String> inFlight() {
        return jobs.values().stream()
                .filter(j -> !j.state.phase().finished() && j.state.phase() != TrialPhase.LOST)
                .map(j -> j.launch.trialId())
                .toList();
    }

    private void appendRecord(Job job, String type, int sequence, double value) {
        Object parameterId = Json.parseObject(job.launch.parameterRecord()).get("parameter_id");
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("parameter_id", parameterId);
        metric.put("trial_job_id", job.launch.trialId());
        metric.put("type", type);
        metric.put("sequence", sequence);
        metric.put("value", Json.write(value));
        byte[] payload = (Json.write(metric) + "\n").getBytes(StandardCharsets.UTF_8);
        job.metricsFile.writeBytes(String.format("ME%06d", payload.length).getBytes(StandardCharsets.US_ASCII));
        job.metricsFile.writeBytes(payload);
    }

    private Job job(String trialId) {
        Job job = jobs.get(trialId);
        if (job == null) {
            throw new IllegalArgumentException("no trial " + trialId);
        }
        return job;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }
}
