package dev.sibyl.trainers.openpai;

import dev.sibyl.trainers.core.FileChannelRecords;
import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import dev.sibyl.trainers.sdk.PythonSdk;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Runs each trial as one job on an OpenPAI cluster through its REST API v2 (NNI's {@code platform: openpai}).
 *
 * <p>Submit copies the trial's code, its {@code parameter.cfg} and a wrapper script to the shared storage
 * ({@code localStorageMountPoint/<experiment>/<trial>/}, see {@link TrialStorage}), then submits a job protocol
 * (see {@link JobProtocol}) whose one command enters that directory as the container sees it ({@code
 * containerStorageMountPoint/...}) and runs the wrapper with stdout and stderr appended to files there. Logs, the
 * file channel {@code .nni/metrics} and the exit record are therefore read back from the storage, with no traffic
 * to OpenPAI; status comes from {@code GET /rest-server/api/v2/jobs/{user}~{job}} and cancel is {@code PUT
 * .../executionType {"value":"STOP"}}.
 *
 * <p>Jobs are named {@code sibyl-<experiment>-<trial>}, so a new instance over the same experiment finds the jobs
 * of a previous one (re-attach after a server restart) and a repeated submit is recognised (the storage records
 * the accepted job; OpenPAI answers 409 for a name it knows). Credentials OpenPAI refuses (401, 403) raise {@link
 * TrainerException.Kind#AUTH}; a protocol it rejects (400) raises {@link TrainerException.Kind#REJECTED} with the
 * server's message.
 *
 * <p>OpenPAI places jobs and their GPUs itself: a launch's {@code gpuNumber} becomes {@code resourcePerInstance.gpu}
 * and a scheduler {@link dev.sibyl.trainers.core.Placement} is not used. Thread-safe; operations on one trial are
 * serialized.
 */
public final class OpenPaiTrainingService implements TrainingService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String SDK_DIRECTORY = ".sdk";

    private final OpenPaiSettings settings;
    private final String experimentId;
    private final OpenPaiClient client;
    private final InstantSource clock;
    private final Map<String, Object> trialLocks = new ConcurrentHashMap<>();
    private final Set<String> submitting = ConcurrentHashMap.newKeySet();
    private final Map<String, Observation> observations = new ConcurrentHashMap<>();
    private volatile boolean sdkExtracted;
    private volatile boolean closed;

    /** A job status as read from OpenPAI, and when. */
    private record Observation(JobStatus status, Instant at) {
        boolean ended() {
            return List.of("SUCCEEDED", "FAILED", "STOPPED").contains(status.state());
        }
    }

    public OpenPaiTrainingService(OpenPaiSettings settings, String experimentId) {
        this(settings, experimentId, InstantSource.system());
    }

    public OpenPaiTrainingService(OpenPaiSettings settings, String experimentId, InstantSource clock) {
        if (experimentId == null || !ID.matcher(experimentId).matches()) {
            throw new IllegalArgumentException("invalid experiment id '" + experimentId + "'");
        }
        this.settings = settings;
        this.experimentId = experimentId;
        this.client = new OpenPaiClient(settings);
        this.clock = clock;
    }

    @Override
    public String platform() {
        return TrialScript.PLATFORM;
    }

    /** The OpenPAI job name of a trial of this experiment. */
    public String jobName(String trialId) {
        return "sibyl-" + experimentId + "-" + trialId;
    }

    @Override
    public void submit(TrialLaunch launch) {
        String trialId = launch.trialId();
        if (!ID.matcher(trialId).matches()) {
            throw new TrainerException(TrainerException.Kind.REJECTED, "invalid trial id '" + trialId + "'");
        }
        if (!experimentId.equals(launch.experimentId())) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED,
                    "trial " + trialId + " belongs to experiment " + launch.experimentId()
                            + ", not to this service's experiment " + experimentId);
        }
        int gpus = launch.gpuNumber() == null ? 0 : launch.gpuNumber();
        if (gpus < 0) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "trialGpuNumber must not be negative, got " + gpus);
        }
        ensureOpen();
        synchronized (lock(trialId)) {
            TrialStorage storage = storage(trialId);
            if (storage.submitted() || storage.cancelRequestedAt().isPresent()) {
                return;
            }
            submitting.add(trialId);
            try {
                if (!storage.prepared()) {
                    prepare(launch, storage);
                }
                String protocol = JobProtocol.yaml(settings, jobName(trialId), TrialScript.jobCommand(storage), gpus);
                client.submit(jobName(trialId), protocol);
                observations.remove(trialId);
                storage.markSubmitted(jobName(trialId));
            } catch (IOException | UncheckedIOException e) {
                throw new TrainerException(
                        TrainerException.Kind.RETRIABLE,
                        "cannot write trial " + trialId + " to the shared storage " + storage.local() + ": "
                                + e.getMessage(),
                        e);
            } finally {
                submitting.remove(trialId);
            }
        }
    }

    @Override
    public TrialState poll(String trialId) {
        if (!ID.matcher(trialId).matches()) {
            return TrialState.unknown();
        }
        if (submitting.contains(trialId)) {
            return new TrialState(TrialPhase.WAITING, null, null, null, "being submitted to OpenPAI");
        }
        TrialStorage storage = storage(trialId);
        if (!storage.exists()) {
            return TrialState.unknown();
        }
        Optional<JobStatus> job = jobStatus(trialId);
        if (job.isPresent()) {
            return TrialStates.of(job.get(), storage);
        }
        if (storage.cancelRequestedAt().isPresent()) {
            return new TrialState(TrialPhase.CANCELED, null, null, null, "cancelled before OpenPAI accepted it");
        }
        if (!storage.submitted()) {
            return TrialState.unknown(); // prepared, never accepted: submitting it again is safe
        }
        return storage.exit()
                .map(exit -> new TrialState(
                        exit.exitCode() == 0 ? TrialPhase.SUCCEEDED : TrialPhase.FAILED,
                        exit.exitCode(),
                        storage.startedAt().stream()
                                .mapToObj(Instant::ofEpochMilli)
                                .findFirst()
                                .orElse(null),
                        Instant.ofEpochMilli(exit.endedAtMillis()),
                        "the OpenPAI job is gone; state from the shared storage"))
                .orElseGet(() -> new TrialState(
                        TrialPhase.FAILED,
                        null,
                        null,
                        null,
                        "the OpenPAI job " + jobName(trialId) + " no longer exists and the trial left no exit record"));
    }

    @Override
    public void cancel(String trialId) {
        if (!ID.matcher(trialId).matches()) {
            return;
        }
        ensureOpen();
        synchronized (lock(trialId)) {
            TrialStorage storage = storage(trialId);
            if (!storage.exists()) {
                return;
            }
            try {
                storage.markCancelled(clock.millis());
            } catch (IOException e) {
                throw new TrainerException(
                        TrainerException.Kind.RETRIABLE, "cannot record the cancel of trial " + trialId, e);
            }
            // Also when the storage has no job mark: a crash may have come between OpenPAI's answer and the mark.
            client.stop(jobName(trialId));
            observations.remove(trialId);
        }
    }

    @Override
    public MetricBatch readMetrics(String trialId, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (!ID.matcher(trialId).matches()) {
            return new MetricBatch(List.of(), offset);
        }
        Path file = storage(trialId).local(TrialStorage.METRICS);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            byte[] data = in.readNBytes(FileChannelRecords.MAX_READ_BYTES);
            return FileChannelRecords.decode(data, data.length, offset, file);
        } catch (NoSuchFileException | EOFException notWrittenYet) {
            return new MetricBatch(List.of(), offset);
        } catch (IOException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "cannot read metrics of trial " + trialId + " from " + file, e);
        }
    }

    @Override
    public Optional<InputStream> openLog(String trialId, LogName log) throws IOException {
        if (!ID.matcher(trialId).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(storage(trialId).local(log.fileName())));
        } catch (NoSuchFileException notYet) {
            return Optional.empty();
        }
    }

    /** Nothing runs in this JVM: jobs keep running on OpenPAI and are re-attached by the next instance. */
    @Override
    public void close() {
        closed = true;
    }

    /** The job's status, read from OpenPAI at most once per status interval; an ended job's status is kept. */
    private Optional<JobStatus> jobStatus(String trialId) {
        Observation last = observations.get(trialId);
        Instant now = clock.instant();
        if (last != null && (last.ended() || now.isBefore(last.at().plus(settings.statusInterval())))) {
            return Optional.of(last.status());
        }
        Optional<JobStatus> job = client.job(jobName(trialId));
        job.ifPresentOrElse(
                status -> observations.put(trialId, new Observation(status, now)), () -> observations.remove(trialId));
        return job;
    }

    private void prepare(TrialLaunch launch, TrialStorage storage) throws IOException {
        if (!Files.isDirectory(launch.codeDirectory())) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "code directory " + launch.codeDirectory() + " does not exist");
        }
        String script = TrialScript.runScript(launch, storage, experimentInContainer() + "/" + SDK_DIRECTORY);
        extractSdk();
        storage.prepare(launch.codeDirectory(), launch.parameterRecord(), script);
    }

    private void extractSdk() {
        if (!sdkExtracted) {
            PythonSdk.extractTo(experimentDirectory().resolve(SDK_DIRECTORY));
            sdkExtracted = true;
        }
    }

    private TrialStorage storage(String trialId) {
        return new TrialStorage(experimentDirectory().resolve(trialId), experimentInContainer() + "/" + trialId);
    }

    private Path experimentDirectory() {
        return settings.localStorageMountPoint().resolve(experimentId);
    }

    private String experimentInContainer() {
        return settings.containerStorageMountPoint() + "/" + experimentId;
    }

    private Object lock(String trialId) {
        return trialLocks.computeIfAbsent(trialId, id -> new Object());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(
                    "the OpenPAI training service of experiment " + experimentId + " is closed");
        }
    }
}
