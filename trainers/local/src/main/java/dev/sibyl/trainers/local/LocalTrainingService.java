package dev.sibyl.trainers.local;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import dev.sibyl.trainers.local.gpu.GpuAllocator;
import dev.sibyl.trainers.local.gpu.GpuStatus;
import dev.sibyl.trainers.local.gpu.NvidiaSmi;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs trials as processes of the server's own machine (NNI's {@code platform: local}).
 *
 * <p>Each trial gets {@code <experimentDirectory>/trials/<trialId>/} (see {@link TrialFiles}) with a private copy
 * of the code and its {@code parameter.cfg}, and runs as {@code bash -c <trialCommand>} under a wrapper script that
 * leads its own session ({@code setsid}), writes stdout and stderr straight to files and records its pid and exit
 * in {@code .nni/}. Nothing ties a trial to this JVM, so trials outlive a crashed server and a new instance over the
 * same directory re-attaches to them; trials still waiting for GPUs are queued again.
 *
 * <p>GPUs ({@code trialGpuNumber} = {@link TrialLaunch#gpuNumber()}) come from {@code nvidia-smi}; a trial that
 * does not fit waits and is started by a background check once GPUs free up. Cancellation sends SIGTERM to the
 * trial's process group and SIGKILL after the grace period, without blocking the caller.
 *
 * <p>Thread-safe. Linux only ({@code /proc}, {@code setsid}).
 */
public final class LocalTrainingService implements TrainingService {
    private static final System.Logger LOG = System.getLogger(LocalTrainingService.class.getName());
    private static final Pattern TRIAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final long CHECK_INTERVAL_MILLIS = 1000;
    /** How long a just-spawned wrapper may take to record its pid before its absence means it is gone. */
    private static final long LAUNCH_SETTLE_MILLIS = 10_000;

    private static final String RUN_SCRIPT = readRunScript();

    private final Path trialsDirectory;
    private final LocalPoolSettings settings;
    private final TrialEnvironment environments;
    private final Optional<NvidiaSmi> nvidiaSmi;
    // The wrapper stamps pid, state and cancel files with the machine's wall clock; comparing with them needs the
    // same clock, so it is not injectable.
    private final InstantSource clock = InstantSource.system();
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> periodicCheck;

    // A trial moves preparing -> waiting -> starting -> launchedHere; each step adds it to the next before
    // removing it from the previous, so a reader checking them in that order always finds it somewhere.
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    private final Map<String, LaunchRecord> waiting = new ConcurrentHashMap<>();
    private final Map<String, String> waitingReasons = new ConcurrentHashMap<>();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final Map<String, Process> launchedHere = new ConcurrentHashMap<>();

    /** Guards scheduling: at most one thread decides which waiting trials start. */
    private final Object schedulingLock = new Object();
    // guarded by schedulingLock
    private final Map<String, List<Integer>> gpuHolders = new HashMap<>();
    private List<Integer> discoveredGpus;
    private volatile boolean closed;

    /** A service whose trials inherit the server's environment and find {@code nvidia-smi} on its PATH. */
    public LocalTrainingService(Path experimentDirectory, LocalPoolSettings settings) {
        this(experimentDirectory, settings, System.getenv());
    }

    /**
     * @param baseEnvironment the environment trials inherit; {@code nvidia-smi} and {@code python3} are looked up
     *     on its {@code PATH}
     */
    public LocalTrainingService(
            Path experimentDirectory, LocalPoolSettings settings, Map<String, String> baseEnvironment) {
        this.settings = settings;
        this.trialsDirectory = experimentDirectory.resolve("trials");
        this.environments = new TrialEnvironment(baseEnvironment, experimentDirectory.resolve("sdk"));
        this.nvidiaSmi = NvidiaSmi.onPath(baseEnvironment);
        try {
            Files.createDirectories(trialsDirectory);
        } catch (IOException e) {
            throw new TrainerException(TrainerException.Kind.RETRIABLE, "cannot create " + trialsDirectory, e);
        }
        reattach();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sibyl-local-trials-" + experimentDirectory.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        this.periodicCheck = timer.scheduleWithFixedDelay(
                this::startWaitingQuietly, 0, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String platform() {
        return "local";
    }

    @Override
    public void submit(TrialLaunch launch) {
        String trialId = launch.trialId();
        if (!TRIAL_ID.matcher(trialId).matches()) {
            throw new TrainerException(TrainerException.Kind.REJECTED, "invalid trial id '" + trialId + "'");
        }
        ensureOpen();
        Integer gpuNumber = launch.gpuNumber();
        if (gpuNumber != null && gpuNumber < 0) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "trialGpuNumber must not be negative, got " + gpuNumber);
        }
        TrialFiles files = files(trialId);
        if (waiting.containsKey(trialId) || launchedHere.containsKey(trialId) || files.launched()) {
            return;
        }
        if (files.cancelRequestedAt().isPresent()) {
            return; // cancelled before it started: it stays cancelled
        }
        if (launch.placement() == null && gpuNumber != null && gpuNumber > 0) {
            int capacity = gpuCapacity();
            if (gpuNumber > capacity) {
                throw new TrainerException(
                        TrainerException.Kind.REJECTED,
                        "trial asks for " + gpuNumber + " GPU(s) but the local pool has " + capacity);
            }
        }
        if (!preparing.add(trialId)) {
            return; // the same trial is being submitted by another thread
        }
        try {
            LaunchRecord record = Files.exists(files.launchFile()) ? LaunchRecord.read(files) : prepare(launch, files);
            if (!files.launched() && files.cancelRequestedAt().isEmpty()) {
                waiting.putIfAbsent(trialId, record);
            }
        } catch (IOException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "cannot prepare trial " + trialId + ": " + e.getMessage(), e);
        } finally {
            preparing.remove(trialId);
        }
        startWaiting();
    }

    @Override
    public TrialState poll(String trialId) {
        if (!TRIAL_ID.matcher(trialId).matches()) {
            return TrialState.unknown();
        }
        if (preparing.contains(trialId) || waiting.containsKey(trialId) || starting.contains(trialId)) {
            String reason = waitingReasons.get(trialId);
            return new TrialState(TrialPhase.WAITING, null, null, null, reason);
        }
        return observe(trialId, files(trialId));
    }

    @Override
    public void cancel(String trialId) {
        if (!TRIAL_ID.matcher(trialId).matches()) {
            return;
        }
        ensureOpen();
        TrialFiles files = files(trialId);
        try {
            // Trials start under the scheduling lock: holding it, a trial is either not started or fully launched.
            synchronized (schedulingLock) {
                if (preparing.contains(trialId) || waiting.containsKey(trialId)) {
                    // The marker keeps it from starting: submit and the scheduler skip marked trials.
                    files.markCancelled(clock.millis());
                    waiting.remove(trialId);
                    waitingReasons.remove(trialId);
                    return;
                }
            }
            TrialPhase phase = observe(trialId, files).phase();
            if (phase.finished() || phase == TrialPhase.UNKNOWN) {
                return;
            }
            if (!files.markCancelled(clock.millis())) {
                return; // already being cancelled
            }
        } catch (IOException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "cannot cancel trial " + trialId + ": " + e.getMessage(), e);
        }
        OptionalLong group = processGroup(trialId, files);
        if (group.isEmpty()) {
            return; // the wrapper has not claimed the trial yet; it will find the marker and not run it
        }
        long pgid = group.getAsLong();
        ProcessTable.signalGroup(pgid, "TERM");
        timer.schedule(
                () -> killGroup(trialId, pgid), settings.cancelGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public MetricBatch readMetrics(String trialId, long offset) {
        if (!TRIAL_ID.matcher(trialId).matches()) {
            return new MetricBatch(List.of(), offset);
        }
        TrialFiles files = files(trialId);
        try {
            return MetricRecords.read(files.metrics(), offset);
        } catch (IOException e) {
            throw new TrainerException(TrainerException.Kind.RETRIABLE, "cannot read metrics of trial " + trialId, e);
        }
    }

    @Override
    public Optional<InputStream> openLog(String trialId, LogName log) throws IOException {
        if (!TRIAL_ID.matcher(trialId).matches()) {
            return Optional.empty();
        }
        Path file = files(trialId).log(log);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.newInputStream(file));
    }

    /** Stops the background check; pending SIGKILLs of cancelled trials are still sent. Trials keep running. */
    @Override
    public void close() {
        closed = true;
        periodicCheck.cancel(false);
        timer.shutdown();
    }

    // ---------------------------------------------------------------------------------------------------------
    // state

    private TrialState observe(String trialId, TrialFiles files) {
        if (!files.exists()) {
            return TrialState.unknown();
        }
        Optional<TrialFiles.ExitRecord> exit = files.exit();
        if (exit.isPresent()) {
            return ended(files, exit.get());
        }
        Optional<String> error = files.launchError();
        if (error.isPresent()) {
            return new TrialState(TrialPhase.FAILED, null, null, null, error.get());
        }
        Optional<TrialFiles.PidRecord> pid = files.pid();
        Instant startedAt =
                pid.map(p -> Instant.ofEpochMilli(p.startedAtMillis())).orElse(null);
        if (pid.isPresent()) {
            if (ProcessTable.isAlive(pid.get().pid(), pid.get().startTicks())) {
                return new TrialState(TrialPhase.RUNNING, null, startedAt, null, null);
            }
        } else if (launching(trialId, files)) {
            Instant spawnedAt = files.spawnedAt().stream()
                    .mapToObj(Instant::ofEpochMilli)
                    .findFirst()
                    .orElse(null);
            return new TrialState(TrialPhase.RUNNING, null, spawnedAt, null, null);
        }
        // Not running. The wrapper may have recorded the exit just after the first look.
        exit = files.exit();
        if (exit.isPresent()) {
            return ended(files, exit.get());
        }
        if (files.cancelRequestedAt().isPresent()) {
            return new TrialState(TrialPhase.CANCELED, null, startedAt, null, "cancelled");
        }
        return new TrialState(TrialPhase.FAILED, null, startedAt, null, "trial process vanished");
    }

    /** A wrapper was spawned but has not written its pid line yet. */
    private boolean launching(String trialId, TrialFiles files) {
        long now = clock.millis();
        Process wrapper = launchedHere.get(trialId);
        if (wrapper != null && wrapper.isAlive()) {
            return true;
        }
        // Spawned by another instance (or by this one before a restart) a moment ago.
        OptionalLong spawnedAt = files.spawnedAt();
        return spawnedAt.isPresent() && now - spawnedAt.getAsLong() < LAUNCH_SETTLE_MILLIS;
    }

    private static TrialState ended(TrialFiles files, TrialFiles.ExitRecord exit) {
        Instant startedAt =
                files.pid().map(p -> Instant.ofEpochMilli(p.startedAtMillis())).orElse(null);
        Instant endedAt = Instant.ofEpochMilli(exit.endedAtMillis());
        OptionalLong cancelledAt = files.cancelRequestedAt();
        if (cancelledAt.isPresent() && cancelledAt.getAsLong() <= exit.endedAtMillis()) {
            return new TrialState(TrialPhase.CANCELED, exit.exitCode(), startedAt, endedAt, "cancelled");
        }
        if (exit.exitCode() == 0) {
            return new TrialState(TrialPhase.SUCCEEDED, 0, startedAt, endedAt, null);
        }
        return new TrialState(TrialPhase.FAILED, exit.exitCode(), startedAt, endedAt, "exit code " + exit.exitCode());
    }

    private OptionalLong processGroup(String trialId, TrialFiles files) {
        Optional<TrialFiles.PidRecord> pid = files.pid();
        if (pid.isPresent()) {
            return OptionalLong.of(pid.get().pid());
        }
        // setsid execs the wrapper in place, so the spawned process is the group leader.
        Process wrapper = launchedHere.get(trialId);
        if (wrapper != null && wrapper.isAlive()) {
            return OptionalLong.of(wrapper.pid());
        }
        return OptionalLong.empty();
    }

    private void killGroup(String trialId, long pgid) {
        try {
            if (!ProcessTable.groupMembers(pgid).isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "trial {0} outlived SIGTERM; sending SIGKILL", trialId);
                ProcessTable.signalGroup(pgid, "KILL");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot kill trial " + trialId, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // scheduling

    private void startWaitingQuietly() {
        try {
            startWaiting();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "checking waiting trials failed", e);
        }
    }

    /**
     * Starts waiting trials in submission order: those without GPU needs at once, GPU trials while GPUs fit (the
     * first GPU trial that does not fit holds back later GPU trials, so large requests are not starved).
     */
    private void startWaiting() {
        synchronized (schedulingLock) {
            if (closed || waiting.isEmpty()) {
                return;
            }
            releaseEndedGpuHolders();
            List<LaunchRecord> queue = new ArrayList<>(waiting.values());
            queue.sort(Comparator.comparingLong(LaunchRecord::queuedAtMillis)
                    .thenComparingLong(r -> r.launch().sequenceId()));
            List<GpuAllocator.Slot> pool = null;
            boolean gpuQueueBlocked = false;
            for (LaunchRecord record : queue) {
                TrialLaunch launch = record.launch();
                String trialId = launch.trialId();
                TrialFiles files = files(trialId);
                if (files.cancelRequestedAt().isPresent()) {
                    waiting.remove(trialId);
                    continue;
                }
                Integer gpuNumber = launch.gpuNumber();
                List<Integer> gpus = gpuNumber == null ? null : List.of();
                if (launch.placement() != null && gpuNumber != null) {
                    // the pool scheduler already chose these GPUs and accounts for them
                    gpus = launch.placement().gpuIndices();
                } else if (gpuNumber != null && gpuNumber > 0) {
                    if (gpuQueueBlocked) {
                        waitingReasons.put(trialId, "waiting behind an earlier trial for GPUs");
                        continue;
                    }
                    if (pool == null) {
                        try {
                            pool = gpuPool();
                        } catch (IOException e) {
                            LOG.log(System.Logger.Level.WARNING, "cannot read GPU state: " + e.getMessage());
                            waitingReasons.put(trialId, "cannot read GPU state: " + e.getMessage());
                            gpuQueueBlocked = true;
                            continue;
                        }
                    }
                    Optional<List<Integer>> chosen = GpuAllocator.choose(
                            gpuNumber, pool, settings.maxTrialNumberPerGpu(), settings.useActiveGpu());
                    if (chosen.isEmpty()) {
                        waitingReasons.put(trialId, "waiting for " + gpuNumber + " free GPU(s)");
                        gpuQueueBlocked = true;
                        continue;
                    }
                    gpus = chosen.get();
                    pool = occupy(pool, gpus);
                }
                start(record, files, gpus);
            }
        }
    }

    private void start(LaunchRecord record, TrialFiles files, List<Integer> gpus) {
        TrialLaunch launch = record.launch();
        String trialId = launch.trialId();
        starting.add(trialId);
        waiting.remove(trialId);
        waitingReasons.remove(trialId);
        try {
            if (gpus != null && !gpus.isEmpty()) {
                files.writeGpus(gpus);
                gpuHolders.put(trialId, gpus);
            }
            Map<String, String> environment = environments.build(launch, files, gpus);
            TrialFiles.writeAtomically(files.runScript(), RUN_SCRIPT);
            files.markSpawned(clock.millis());
            ProcessBuilder pb = new ProcessBuilder(
                            "setsid", "bash", files.runScript().toString(), launch.trialCommand())
                    .directory(files.code().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            files.log(LogName.STDOUT).toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            files.log(LogName.STDERR).toFile()));
            pb.environment().clear();
            pb.environment().putAll(environment);
            launchedHere.put(trialId, pb.start());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start trial " + trialId, e);
            gpuHolders.remove(trialId);
            try {
                files.writeLaunchError("cannot start the trial: " + e.getMessage());
            } catch (IOException again) {
                e.addSuppressed(again);
            }
        } finally {
            starting.remove(trialId);
        }
    }

    /** The pool now, one slot per usable GPU. Caller holds {@link #schedulingLock}. */
    private List<GpuAllocator.Slot> gpuPool() throws IOException {
        Map<Integer, GpuStatus> statuses = new HashMap<>();
        if (nvidiaSmi.isPresent()) {
            for (GpuStatus status : nvidiaSmi.get().query()) {
                statuses.put(status.index(), status);
            }
            discoveredGpus = statuses.keySet().stream().sorted().toList();
        }
        Set<Long> ownGroups = new HashSet<>();
        Map<Integer, Integer> trialsPerGpu = new HashMap<>();
        for (Map.Entry<String, List<Integer>> holder : gpuHolders.entrySet()) {
            files(holder.getKey()).pid().ifPresent(p -> ownGroups.add(p.pid()));
            Process wrapper = launchedHere.get(holder.getKey());
            if (wrapper != null) {
                ownGroups.add(wrapper.pid());
            }
            for (int index : holder.getValue()) {
                trialsPerGpu.merge(index, 1, Integer::sum);
            }
        }
        List<GpuAllocator.Slot> pool = new ArrayList<>();
        for (int index : usableGpus(statuses.keySet())) {
            GpuStatus status = statuses.get(index);
            boolean busy = status != null
                    && status.processIds().stream().anyMatch(pid -> !ownGroups.contains(processGroupOf(pid)));
            pool.add(new GpuAllocator.Slot(
                    index,
                    trialsPerGpu.getOrDefault(index, 0),
                    busy,
                    status == null ? -1 : status.memoryUsedMiB(),
                    status == null ? -1 : status.utilizationPercent()));
        }
        return pool;
    }

    private static long processGroupOf(long pid) {
        return ProcessTable.stat(pid).map(ProcessTable.Stat::processGroup).orElse(-1L);
    }

    /** Discovered GPUs restricted to gpuIndices; without nvidia-smi, gpuIndices are taken on trust. */
    private List<Integer> usableGpus(Set<Integer> discovered) {
        List<Integer> configured = settings.gpuIndices();
        if (nvidiaSmi.isEmpty()) {
            return configured == null ? List.of() : configured;
        }
        List<Integer> usable = new ArrayList<>();
        for (int index : discovered.stream().sorted().toList()) {
            if (configured == null || configured.contains(index)) {
                usable.add(index);
            }
        }
        return usable;
    }

    private int gpuCapacity() {
        synchronized (schedulingLock) {
            if (nvidiaSmi.isPresent() && discoveredGpus == null) {
                try {
                    discoveredGpus = nvidiaSmi.get().query().stream()
                            .map(GpuStatus::index)
                            .sorted()
                            .toList();
                } catch (IOException e) {
                    throw new TrainerException(
                            TrainerException.Kind.RETRIABLE, "cannot list GPUs: " + e.getMessage(), e);
                }
            }
            return usableGpus(discoveredGpus == null ? Set.of() : new HashSet<>(discoveredGpus))
                    .size();
        }
    }

    private static List<GpuAllocator.Slot> occupy(List<GpuAllocator.Slot> pool, List<Integer> taken) {
        List<GpuAllocator.Slot> updated = new ArrayList<>();
        for (GpuAllocator.Slot slot : pool) {
            updated.add(
                    taken.contains(slot.index())
                            ? new GpuAllocator.Slot(
                                    slot.index(),
                                    slot.trials() + 1,
                                    slot.busy(),
                                    slot.memoryUsedMiB(),
                                    slot.utilizationPercent())
                            : slot);
        }
        return updated;
    }

    private void releaseEndedGpuHolders() {
        gpuHolders.keySet().removeIf(trialId -> observe(trialId, files(trialId)).phase() != TrialPhase.RUNNING);
    }

    // ---------------------------------------------------------------------------------------------------------
    // files

    private TrialFiles files(String trialId) {
        return new TrialFiles(trialsDirectory.resolve(trialId));
    }

    private LaunchRecord prepare(TrialLaunch launch, TrialFiles files) throws IOException {
        if (!Files.isDirectory(launch.codeDirectory())) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "code directory " + launch.codeDirectory() + " does not exist");
        }
        Files.createDirectories(files.nniDirectory());
        deleteRecursively(files.codeInProgress());
        deleteRecursively(files.code());
        copyTree(launch.codeDirectory(), files.codeInProgress());
        Files.move(files.codeInProgress(), files.code(), StandardCopyOption.ATOMIC_MOVE);
        TrialFiles.writeAtomically(files.parameterFile(), launch.parameterRecord());
        LaunchRecord record = new LaunchRecord(launch, clock.millis());
        record.write(files); // last: its presence means the trial directory is complete
        return record;
    }

    /** Re-attaches to trials of a previous instance: GPU holders of running trials, and trials still waiting. */
    private void reattach() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(trialsDirectory)) {
            for (Path entry : entries) {
                String trialId = entry.getFileName().toString();
                if (!TRIAL_ID.matcher(trialId).matches() || !Files.isDirectory(entry)) {
                    continue;
                }
                TrialFiles files = files(trialId);
                if (files.launched()) {
                    Optional<List<Integer>> gpus = files.gpus();
                    if (gpus.isPresent() && observe(trialId, files).phase() == TrialPhase.RUNNING) {
                        gpuHolders.put(trialId, gpus.get());
                    }
                } else if (Files.exists(files.launchFile())
                        && files.cancelRequestedAt().isEmpty()
                        && files.launchError().isEmpty()) {
                    try {
                        waiting.put(trialId, LaunchRecord.read(files));
                    } catch (IOException | RuntimeException e) {
                        // Recorded so that polling reports why the trial failed instead of "vanished".
                        LOG.log(System.Logger.Level.WARNING, "cannot re-queue trial " + trialId, e);
                        files.writeLaunchError("cannot read the queued launch: " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new TrainerException(TrainerException.Kind.RETRIABLE, "cannot read " + trialsDirectory, e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                // Permissions last, so a read-only source directory does not stop the copy into it.
                Path copy = target.resolve(source.relativize(dir).toString());
                Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // A read-only directory left by a trial must become writable before its entries can go.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the local training service is closed");
        }
    }

    private static String readRunScript() {
        try (InputStream in = LocalTrainingService.class.getResourceAsStream("run-trial.sh")) {
            if (in == null) {
                throw new IllegalStateException("run-trial.sh is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
