package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.Placement;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import dev.sibyl.trainers.local.gpu.GpuAllocator;
import dev.sibyl.trainers.sdk.PythonSdk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;

/**
 * Runs trials on machines reached over SSH (NNI's {@code platform: remote}, {@code machineList}).
 *
 * <p>Per trial the service picks a machine (or takes the scheduler's {@link TrialLaunch#placement()}), uploads the
 * experiment's code once per machine as a tar archive over SFTP, unpacks it into the trial's private directory with
 * {@code parameter.cfg}, the environment and the command, and starts the local trainer's wrapper protocol detached
 * ({@code setsid}): pid, exit code and cancel marker are files in the trial directory, so trials survive the
 * SSH session, a lost connection and a server restart, and a new instance over the same machines and experiment
 * re-attaches to them. Status, cancel (SIGTERM to the process group, SIGKILL after the grace period), logs and the
 * file channel {@code .nni/metrics} are read back over the same connection, so a machine that cannot reach the
 * server still reports metrics. The bundled trial SDK is uploaded once per machine and put on {@code PYTHONPATH}
 * unless the machine's python has an {@code nni} of its own.
 *
 * <p>GPUs come from {@code nvidia-smi} run over SSH; a trial asking for GPUs that do not fit anywhere waits and is
 * started by a background check once they free up. A machine that drops is reconnected with exponential backoff;
 * while it stays away for less than {@link RemotePoolSettings#unhealthyAfter()} its trials keep their last state,
 * after that it is reported unhealthy ({@link #health()}) and its unfinished trials {@link TrialPhase#LOST} with the
 * reason, so the caller queues them again elsewhere; a trial placed on a machine already unhealthy is lost at once
 * unless one immediate reconnection attempt (ignoring the backoff) succeeds.
 * Lost trials are stopped if their machine comes back. A machine that refuses the credentials fails its trials
 * instead: running them again would fail the same way.
 *
 * <p>Thread-safe. Secrets never appear in messages or logs.
 */
public final class RemoteTrainingService implements TrainingService {
    private static final System.Logger LOG = System.getLogger(RemoteTrainingService.class.getName());
    private static final Pattern TRIAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final long CHECK_INTERVAL_MILLIS = 1000;

    private record Queued(TrialLaunch launch, long order) {}

    private final String experimentId;
    private final RemotePoolSettings settings;
    private final SshClient client;
    private final List<MachineWorkspace> workspaces = new ArrayList<>();
    private final Map<String, MachineWorkspace> byName = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    private final Map<String, MachineWorkspace> placed = new ConcurrentHashMap<>();
    private final Map<String, TrialState> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Queued> waiting = new ConcurrentHashMap<>();
    private final Map<String, String> waitingReasons = new ConcurrentHashMap<>();
    private final Set<String> cancelledWhileWaiting = ConcurrentHashMap.newKeySet();
    private final Set<String> submitting = ConcurrentHashMap.newKeySet();
    /** Trials reported LOST, with the reason; once lost, always lost. */
    private final Map<String, String> lost = new ConcurrentHashMap<>();
    /** Lost trials that may still run on their machine and are stopped once it answers again. */
    private final Map<String, MachineWorkspace> toStop = new ConcurrentHashMap<>();

    private final Map<Path, CodeArchive> archives = new ConcurrentHashMap<>();
    private final AtomicLong submissions = new AtomicLong();
    /** Guards GPU scheduling: at most one thread decides which waiting trials start. */
    private final Object schedulingLock = new Object();

    private volatile boolean closed;

    /**
     * Opens the pool and re-attaches to the experiment's trials on every machine that answers.
     *
     * @throws IllegalArgumentException when the machine list is empty or names a machine twice
     */
    public RemoteTrainingService(String experimentId, List<RemoteMachine> machines, RemotePoolSettings settings) {
        if (experimentId == null || !EXPERIMENT_ID.matcher(experimentId).matches()) {
            throw new IllegalArgumentException("experimentId: '" + experimentId + "' is not a valid experiment id");
        }
        if (machines == null || machines.isEmpty()) {
            throw new IllegalArgumentException("machineList must list at least one machine");
        }
        this.experimentId = experimentId;
        this.settings = settings;
        this.client = SshClients.start();
        try {
            for (RemoteMachine machine : machines) {
                MachineLink link = new MachineLink(machine, client, settings, InstantSource.system());
                MachineWorkspace workspace = new MachineWorkspace(link, settings.remoteDirectory(), experimentId);
                if (byName.putIfAbsent(machine.name(), workspace) != null) {
                    throw new IllegalArgumentException("machineList names " + machine.name() + " twice");
                }
                workspaces.add(workspace);
            }
        } catch (RuntimeException e) {
            client.stop();
            throw e;
        }
        for (MachineWorkspace workspace : workspaces) {
            reattach(workspace);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sibyl-remote-trials-" + experimentId);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::startWaitingQuietly, 0, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::stopLostQuietly, 0, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A pool over NNI's {@code trainingService} section of {@code platform: remote}; see {@link RemotePoolConfig}. */
    public static RemoteTrainingService fromConfig(
            String experimentId, Map<String, ?> trainingService, RemotePoolSettings settings) {
        return new RemoteTrainingService(experimentId, RemotePoolConfig.machines(trainingService), settings);
    }

    @Override
    public String platform() {
        return "remote";
    }

    @Override
    public void submit(TrialLaunch launch) {
        ensureOpen();
        String trialId = launch.trialId();
        String problem = problemWith(launch);
        if (problem != null) {
            throw new TrainerException(TrainerException.Kind.REJECTED, problem);
        }
        Integer gpuNumber = launch.gpuNumber();
        Placement placement = launch.placement();
        MachineWorkspace placedAt = null;
        if (placement != null && !placement.machine().isEmpty()) {
            placedAt = byName.get(placement.machine());
            if (placedAt == null) {
                throw new TrainerException(
                        TrainerException.Kind.REJECTED,
                        "placement.machine: " + placement.machine() + " is not in the machine list " + byName.keySet());
            }
        }
        if (!submitting.add(trialId)) {
            return; // the same trial is being submitted by another thread
        }
        try {
            if (known(trialId)) {
                return;
            }
            // The scheduler placed it here, so the pool's probe reached the machine: try it once before giving up,
            // or every trial placed here would be lost and queued again until the backoff ran out.
            if (placedAt != null
                    && unreachableTooLong(placedAt)
                    && !placedAt.link().reconnectNow()) {
                lost.put(trialId, unhealthy(placedAt));
                return;
            }
            if (placement != null) {
                List<Integer> gpus =
                        gpuNumber == null && placement.gpuIndices().isEmpty() ? null : placement.gpuIndices();
                if (placedAt != null) {
                    launchOn(placedAt, launch, gpus);
                } else {
                    launchAnywhere(launch, gpus);
                }
            } else if (gpuNumber != null && gpuNumber > 0) {
                rejectUnfittable(gpuNumber);
                waiting.put(trialId, new Queued(launch, submissions.getAndIncrement()));
                startWaiting();
            } else {
                launchAnywhere(launch, gpuNumber == null ? null : List.of());
            }
        } finally {
            submitting.remove(trialId);
        }
    }

    @Override
    public TrialState poll(String trialId) {
        if (!TRIAL_ID.matcher(trialId).matches()) {
            return TrialState.unknown();
        }
        if (waiting.containsKey(trialId) || submitting.contains(trialId)) {
            return new TrialState(TrialPhase.WAITING, null, null, null, waitingReasons.get(trialId));
        }
        if (cancelledWhileWaiting.contains(trialId)) {
            return new TrialState(TrialPhase.CANCELED, null, null, null, "cancelled before it started");
        }
        String lostBecause = lost.get(trialId);
        if (lostBecause != null) {
            TrialState last = lastSeen.get(trialId);
            return new TrialState(TrialPhase.LOST, null, last == null ? null : last.startedAt(), null, lostBecause);
        }
        MachineWorkspace workspace = locate(trialId);
        if (workspace == null) {
            return TrialState.unknown();
        }
        TrialState last = lastSeen.get(trialId);
        if (last != null && last.phase().finished()) {
            return last;
        }
        try {
            TrialState state = workspace.status(trialId);
            lastSeen.put(trialId, state);
            return state;
        } catch (TrainerException e) {
            if (e.kind() != TrainerException.Kind.AUTH && workspace.link().healthy()) {
                // A short outage: keep reporting what was last seen while the link reconnects.
                return last != null ? last : new TrialState(TrialPhase.RUNNING, null, null, null, e.getMessage());
            }
            Instant startedAt = last == null ? null : last.startedAt();
            if (!unreachableTooLong(workspace)) {
                return new TrialState(TrialPhase.FAILED, null, startedAt, null, unhealthy(workspace));
            }
            String reason = unhealthy(workspace);
            lost.put(trialId, reason);
            toStop.put(trialId, workspace);
            return new TrialState(TrialPhase.LOST, null, startedAt, null, reason);
        }
    }

    @Override
    public void cancel(String trialId) {
        if (!TRIAL_ID.matcher(trialId).matches()) {
            return;
        }
        ensureOpen();
        synchronized (schedulingLock) {
            if (waiting.remove(trialId) != null) {
                waitingReasons.remove(trialId);
                cancelledWhileWaiting.add(trialId);
                return;
            }
        }
        if (lost.containsKey(trialId)) {
            return; // stopped by stopLost once its machine answers
        }
        MachineWorkspace workspace = locate(trialId);
        if (workspace == null) {
            return;
        }
        TrialState last = lastSeen.get(trialId);
        if (last != null && last.phase().finished()) {
            return;
        }
        long graceSeconds = (settings.cancelGracePeriod().toMillis() + 999) / 1000;
        workspace.cancel(trialId, graceSeconds);
    }

    @Override
    public MetricBatch readMetrics(String trialId, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        MachineWorkspace workspace = TRIAL_ID.matcher(trialId).matches() ? locate(trialId) : null;
        if (workspace == null) {
            return new MetricBatch(List.of(), offset);
        }
        return workspace.readMetrics(trialId, offset);
    }

    @Override
    public Optional<InputStream> openLog(String trialId, LogName log) throws IOException {
        MachineWorkspace workspace = TRIAL_ID.matcher(trialId).matches() ? locate(trialId) : null;
        if (workspace == null) {
            return Optional.empty();
        }
        try {
            return workspace.openLog(trialId, log);
        } catch (TrainerException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every machine's health as last seen; {@link #probe()} refreshes it. */
    public List<MachineHealth> health() {
        List<MachineHealth> health = new ArrayList<>();
        for (MachineWorkspace workspace : workspaces) {
            health.add(workspace.link().health());
        }
        return health;
    }

    /** Contacts every machine (connect if needed, query its GPUs) and returns the refreshed {@link #health()}. */
    public List<MachineHealth> probe() {
        for (MachineWorkspace workspace : workspaces) {
            try {
                workspace.gpus();
                if (!workspace.scanned()) {
                    reattach(workspace);
                }
            } catch (TrainerException e) {
                // recorded in the machine's health
            }
        }
        return health();
    }

    /** Stops watching; trials keep running on their machines and are re-attached by the next instance. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (MachineWorkspace workspace : workspaces) {
            workspace.link().close();
        }
        client.stop();
    }

    // ---------------------------------------------------------------------------------------------------------
    // placement

    private boolean known(String trialId) {
        return waiting.containsKey(trialId) || cancelledWhileWaiting.contains(trialId) || locate(trialId) != null;
    }

    /** The machine holding the trial; machines not yet scanned (unreachable so far) are scanned first. */
    private MachineWorkspace locate(String trialId) {
        MachineWorkspace workspace = placed.get(trialId);
        if (workspace != null) {
            return workspace;
        }
        for (MachineWorkspace candidate : workspaces) {
            if (!candidate.scanned()) {
                reattach(candidate);
            }
        }
        return placed.get(trialId);
    }

    private void reattach(MachineWorkspace workspace) {
        try {
            for (String trialId : workspace.scan(id -> TRIAL_ID.matcher(id).matches())) {
                placed.putIfAbsent(trialId, workspace);
            }
        } catch (TrainerException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot look for trials of experiment {0} on {1}: {2}",
                    experimentId,
                    workspace.name(),
                    e.getMessage());
        }
    }

    /**
     * Tries the healthy machines (every machine when none is healthy), least busy first, until one starts the
     * trial. Fails with AUTH when every machine refused the credentials, else RETRIABLE.
     */
    private void launchAnywhere(TrialLaunch launch, List<Integer> gpus) {
        List<MachineWorkspace> candidates = new ArrayList<>();
        for (MachineWorkspace workspace : workspaces) {
            if (workspace.link().healthy()) {
                candidates.add(workspace);
            }
        }
        if (candidates.isEmpty()) {
            candidates.addAll(workspaces);
        }
        Map<MachineWorkspace, Integer> load = activeTrials();
        long turn = launch.sequenceId();
        candidates.sort(Comparator.<MachineWorkspace>comparingInt(w -> load.getOrDefault(w, 0))
                .thenComparingLong(w -> Math.floorMod(workspaces.indexOf(w) - turn, workspaces.size())));
        List<String> failures = new ArrayList<>();
        boolean allRefused = true;
        for (MachineWorkspace workspace : candidates) {
            try {
                launchOn(workspace, launch, gpus);
                return;
            } catch (TrainerException e) {
                if (e.kind() == TrainerException.Kind.REJECTED) {
                    throw e;
                }
                allRefused &= e.kind() == TrainerException.Kind.AUTH;
                failures.add(e.getMessage());
            }
        }
        throw new TrainerException(
                allRefused ? TrainerException.Kind.AUTH : TrainerException.Kind.RETRIABLE,
                "no machine could start trial " + launch.trialId() + ": " + String.join("; ", failures));
    }

    private Map<MachineWorkspace, Integer> activeTrials() {
        Map<MachineWorkspace, Integer> load = new HashMap<>();
        placed.forEach((trialId, workspace) -> {
            TrialState state = lastSeen.get(trialId);
            if (state == null || !state.phase().finished()) {
                load.merge(workspace, 1, Integer::sum);
            }
        });
        return load;
    }

    private void launchOn(MachineWorkspace workspace, TrialLaunch launch, List<Integer> gpus) {
        String trialId = launch.trialId();
        CodeArchive code = archive(launch.codeDirectory());
        String sdk = workspace.ensureSdk(BundledSdk.archive());
        String codePath = workspace.ensureUploaded(code, workspace.codeArchivePath(code));
        CodeArchive payload = TrialPayload.build(
                launch, workspace.trialDirectory(trialId), workspace.link().machine(), sdk, gpus);
        workspace.launch(trialId, codePath, payload);
        placed.put(trialId, workspace);
        LOG.log(System.Logger.Level.DEBUG, "trial {0} started on {1}", trialId, workspace.name());
    }

    private CodeArchive archive(Path codeDirectory) {
        return archives.computeIfAbsent(codeDirectory.toAbsolutePath().normalize(), directory -> {
            try {
                return CodeArchive.ofDirectory(directory);
            } catch (IOException e) {
                throw new TrainerException(
                        TrainerException.Kind.REJECTED,
                        "cannot pack trialCodeDirectory " + directory + ": " + e.getMessage(),
                        e);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // GPU scheduling

    private void rejectUnfittable(int gpuNumber) {
        int largest = -1;
        for (MachineWorkspace workspace : workspaces) {
            try {
                largest = Math.max(
                        largest,
                        workspace
                                .gpus()
                                .usable(workspace.link().machine().gpuIndices())
                                .size());
            } catch (TrainerException e) {
                return; // an unreachable machine might have enough: let the trial wait
            }
        }
        if (gpuNumber > largest) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED,
                    "trialGpuNumber: a trial asks for " + gpuNumber + " GPU(s) but the largest machine has " + largest);
        }
    }

    /** Unhealthy because it stayed unreachable, not because it refused the credentials. */
    private static boolean unreachableTooLong(MachineWorkspace workspace) {
        MachineLink link = workspace.link();
        return !link.healthy() && !link.authRefused();
    }

    private static String unhealthy(MachineWorkspace workspace) {
        return "machine " + workspace.name() + " is unhealthy: "
                + workspace.link().lastError();
    }

    /** Stops lost trials whose machine answers again, so a machine that comes back does not run them twice. */
    private void stopLostQuietly() {
        long graceSeconds = (settings.cancelGracePeriod().toMillis() + 999) / 1000;
        for (Map.Entry<String, MachineWorkspace> entry : toStop.entrySet()) {
            if (closed) {
                return;
            }
            try {
                entry.getValue().cancel(entry.getKey(), graceSeconds);
                toStop.remove(entry.getKey());
                LOG.log(
                        System.Logger.Level.INFO,
                        "stopped lost trial {0} on machine {1}, which answers again",
                        entry.getKey(),
                        entry.getValue().name());
            } catch (TrainerException e) {
                // still unreachable (the link's backoff paces the attempts): try again later
            }
        }
    }

    private void startWaitingQuietly() {
        try {
            startWaiting();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "checking waiting trials failed: {0}", e.getMessage());
        }
    }

    /**
     * Starts waiting GPU trials in submission order on the first machine where they fit; the first trial that fits
     * nowhere holds back later ones, so large requests are not starved.
     */
    private void startWaiting() {
        synchronized (schedulingLock) {
            if (closed || waiting.isEmpty()) {
                return;
            }
            List<Queued> queue = new ArrayList<>(waiting.values());
            queue.sort(Comparator.comparingLong(Queued::order));
            Map<MachineWorkspace, GpuReport> reports = new HashMap<>();
            for (Queued queued : queue) {
                TrialLaunch launch = queued.launch();
                String trialId = launch.trialId();
                if (!waiting.containsKey(trialId)) {
                    continue;
                }
                if (!startSomewhere(launch, reports)) {
                    waitingReasons.put(trialId, "waiting for " + launch.gpuNumber() + " free GPU(s)");
                    return;
                }
            }
        }
    }

    private boolean startSomewhere(TrialLaunch launch, Map<MachineWorkspace, GpuReport> reports) {
        for (MachineWorkspace workspace : workspaces) {
            if (!workspace.link().healthy()) {
                continue;
            }
            RemoteMachine machine = workspace.link().machine();
            try {
                GpuReport report = reports.computeIfAbsent(workspace, MachineWorkspace::gpus);
                Optional<List<Integer>> chosen = GpuAllocator.choose(
                        launch.gpuNumber(),
                        report.slots(machine.gpuIndices()),
                        machine.maxTrialNumberPerGpu(),
                        machine.useActiveGpu());
                if (chosen.isEmpty()) {
                    continue;
                }
                launchOn(workspace, launch, chosen.get());
                reports.put(workspace, report.withHolder(chosen.get()));
                waiting.remove(launch.trialId());
                waitingReasons.remove(launch.trialId());
                return true;
            } catch (TrainerException e) {
                reports.remove(workspace);
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cannot start trial {0} on {1}: {2}",
                        launch.trialId(),
                        workspace.name(),
                        e.getMessage());
            }
        }
        return false;
    }

    /** What is wrong with a launch this pool cannot run, or null. */
    private String problemWith(TrialLaunch launch) {
        if (!TRIAL_ID.matcher(launch.trialId()).matches()) {
            return "invalid trial id '" + launch.trialId() + "'";
        }
        if (!launch.experimentId().equals(experimentId)) {
            return "experimentId: trial " + launch.trialId() + " belongs to " + launch.experimentId() + ", not "
                    + experimentId;
        }
        if (launch.gpuNumber() != null && launch.gpuNumber() < 0) {
            return "trialGpuNumber must not be negative, got " + launch.gpuNumber();
        }
        if (!Files.isDirectory(launch.codeDirectory())) {
            return "trialCodeDirectory " + launch.codeDirectory() + " does not exist";
        }
        return null;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the remote training service is closed");
        }
    }

    /** The bundled Python SDK as an archive, built once per JVM. */
    private static final class BundledSdk {
        private static final CodeArchive ARCHIVE = build();

        static CodeArchive archive() {
            return ARCHIVE;
        }

        private static CodeArchive build() {
            Map<String, byte[]> files = new LinkedHashMap<>();
            try {
                Path directory = Files.createTempDirectory("sibyl-sdk");
                try {
                    PythonSdk.extractTo(directory);
                    for (String file : PythonSdk.files()) {
                        files.put(file, Files.readAllBytes(directory.resolve(file)));
                    }
                } finally {
                    try (Stream<Path> tree = Files.walk(directory)) {
                        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
                return CodeArchive.ofFiles(files);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot pack the bundled Python SDK", e);
            }
        }
    }
}
