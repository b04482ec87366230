package dev.sibyl.trainers.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.Placement;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link TrainingService} must do, whatever runs its trials (local processes, SSH machines, a
 * Kubernetes cluster, OpenPAI). Each adapter's test subclasses this with a rig that really runs the trial
 * commands with {@code bash}: the checks are made by the trial commands themselves and reported through their
 * exit codes, so they hold for adapters that cannot return logs too.
 *
 * <p>Capabilities an adapter lacks are declared by leaving them out of {@link #capabilities()}; their tests are
 * skipped, never passed vacuously.
 */
public abstract class TrainingServiceContract {
    /** Optional abilities; the core (submit, poll, exit codes, cancel, environment, idempotence) is mandatory. */
    public enum Capability {
        /** {@link TrainingService#openLog} returns the trial's stdout and stderr. */
        LOGS,
        /** {@link TrainingService#readMetrics} reads back the file channel {@code $NNI_OUTPUT_DIR/.nni/metrics}. */
        FILE_METRICS,
        /** A new instance over the same experiment sees, and can cancel, trials started by a closed one. */
        REATTACH,
        /** GPU scheduling: {@code CUDA_VISIBLE_DEVICES} per trial, and {@link TrialLaunch#placement()} honoured. */
        GPUS
    }

    protected static final String PARAMETERS = "{\"parameter_id\": 7, \"parameter_source\": \"algorithm\","
            + " \"parameters\": {\"x\": 0.5}, \"parameter_index\": 0}";

    @TempDir
    protected Path contractTemp;

    private final List<TrainingService> opened = new ArrayList<>();
    private final Set<String> submitted = new HashSet<>();
    private String experimentId;
    private Path code;

    /**
     * A service for {@code experimentId}. A second call with the same id after the first was closed must
     * re-attach to the first one's trials (for adapters with {@link Capability#REATTACH}).
     */
    protected abstract TrainingService open(String experimentId);

    protected abstract Set<Capability> capabilities();

    /** How many GPUs the rig exposes (at least 2 for {@link Capability#GPUS}); one trial per GPU at a time. */
    protected int gpuCount() {
        return 0;
    }

    /** The placement an adapter's rig accepts for the given GPU indices (machine names differ per rig). */
    protected Placement placement(List<Integer> gpuIndices) {
        return new Placement("", gpuIndices);
    }

    /** The {@code NNI_PLATFORM} a trial sees: the service's platform, or the pool's for a router across pools. */
    protected String trialPlatform(TrainingService service) {
        return service.platform();
    }

    /** How long a trial may take to reach a state; generous, since a state change is awaited, not timed. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    void createExperimentAndCode() throws IOException {
        experimentId = randomId(8);
        code = Files.createDirectories(contractTemp.resolve("code"));
        Files.writeString(code.resolve("data.txt"), "original\n");
    }

    @AfterEach
    void stopEverything() {
        if (opened.isEmpty()) {
            return;
        }
        TrainingService last = opened.get(opened.size() - 1);
        for (String trialId : submitted) {
            try {
                last.cancel(trialId);
            } catch (RuntimeException ignored) {
                // best effort: the rig is torn down next
            }
        }
        opened.forEach(TrainingService::close);
    }

    protected final String experimentId() {
        return experimentId;
    }

    @Test
    void aTrialThatExitsWithZeroSucceedsWithItsTimes() {
        TrainingService service = service();
        submit(service, launch("Ok001", "echo hello-from-trial"));

        TrialState state = awaitPhase(service, "Ok001", TrialPhase.SUCCEEDED);

        assertThat(state.exitCode()).isZero();
        assertThat(state.startedAt()).isNotNull();
        assertThat(state.endedAt()).isNotNull().isAfterOrEqualTo(state.startedAt());
    }

    @Test
    void aTrialThatExitsWithThreeFailsWithExitCodeThree() {
        TrainingService service = service();
        submit(service, launch("Bad01", "exit 3"));

        TrialState state = awaitPhase(service, "Bad01", TrialPhase.FAILED);

        assertThat(state.exitCode()).isEqualTo(3);
    }

    @Test
    void aTrialSeesItsParametersCodeAndEnvironment() {
        TrainingService service = service();
        String platform = trialPlatform(service);
        String checks = String.join(
                "\n",
                "grep -q '\"parameter_id\": 7' \"$NNI_SYS_DIR/parameter.cfg\" || exit 11",
                "grep -qx original data.txt || exit 12",
                "[ \"$NNI_PLATFORM\" = '" + platform + "' ] || exit 13",
                "[ \"$NNI_EXP_ID\" = '" + experimentId + "' ] || exit 14",
                "[ \"$NNI_TRIAL_JOB_ID\" = Env01 ] || exit 15",
                "[ \"$NNI_TRIAL_SEQ_ID\" = 4 ] || exit 16",
                "[ -d \"$NNI_OUTPUT_DIR\" ] || exit 17",
                "[ \"$CONTRACT_EXTRA\" = 'a value with spaces' ] || exit 18",
                "exit 0");
        submit(service, launch("Env01", checks, null, Map.of("CONTRACT_EXTRA", "a value with spaces")));

        TrialState state = awaitFinished(service, "Env01");

        assertThat(state.exitCode())
                .as(
                        "exit code of the checks (11 parameter.cfg, 12 code, 13-16 NNI_*, 17 output dir, 18 env): %s",
                        state)
                .isZero();
    }

    @Test
    void eachTrialWorksOnAPrivateCopyOfTheCode() {
        TrainingService service = service();
        submit(service, launch("Wrt01", "echo changed > data.txt"));
        awaitPhase(service, "Wrt01", TrialPhase.SUCCEEDED);

        submit(service, launch("Rd001", "grep -qx original data.txt || exit 5"));

        assertThat(awaitFinished(service, "Rd001").exitCode())
                .as("the second trial saw the first one's write")
                .isZero();
    }

    @Test
    void cancelStopsARunningTrial() {
        TrainingService service = service();
        submit(service, launch("Sleep", "sleep 600"));
        awaitPhase(service, "Sleep", TrialPhase.RUNNING);

        service.cancel("Sleep");

        awaitPhase(service, "Sleep", TrialPhase.CANCELED);
    }

    @Test
    void unknownTrialsPollUnknownAndCancellingThemDoesNothing() {
        TrainingService service = service();

        assertThat(service.poll("Nope0").phase()).isEqualTo(TrialPhase.UNKNOWN);
        assertThatCode(() -> service.cancel("Nope0")).doesNotThrowAnyException();
        assertThat(service.poll("Nope0").phase()).isEqualTo(TrialPhase.UNKNOWN);
    }

    @Test
    void submittingATrialAgainRunsItOnce() {
        TrainingService service = service();
        // a second run in the same trial directory finds the counter and fails
        String command = "[ -e \"$NNI_OUTPUT_DIR/ran-once\" ] && exit 9; touch \"$NNI_OUTPUT_DIR/ran-once\"; sleep 2";
        TrialLaunch launch = launch("Twice", command);
        submit(service, launch);
        submit(service, launch);
        awaitPhase(service, "Twice", TrialPhase.SUCCEEDED);

        submit(service, launch);
        sleep(3000);

        TrialState state = service.poll("Twice");
        assertThat(state.phase()).isEqualTo(TrialPhase.SUCCEEDED);
        assertThat(state.exitCode()).isZero();
    }

    @Test
    void malformedTrialIdsAreRejected() {
        TrainingService service = service();

        assertThatThrownBy(() -> service.submit(launch("../x", "true")))
                .isInstanceOf(TrainerException.class)
                .extracting(e -> ((TrainerException) e).kind())
                .isEqualTo(TrainerException.Kind.REJECTED);
    }

    @Test
    void stdoutAndStderrAreKeptAsLogs() {
        assumeCapability(Capability.LOGS);
        TrainingService service = service();
        submit(service, launch("Logs1", "echo to-stdout; echo to-stderr >&2; exit 1"));
        awaitPhase(service, "Logs1", TrialPhase.FAILED);

        assertThat(log(service, "Logs1", LogName.STDOUT)).contains("to-stdout").doesNotContain("to-stderr");
        assertThat(log(service, "Logs1", LogName.STDERR)).contains("to-stderr");
    }

    @Test
    void metricsAreReadBackByOffsetWithoutLossOrDuplicates() {
        assumeCapability(Capability.FILE_METRICS);
        TrainingService service = service();
        String command = String.join(
                "\n",
                "mkdir -p \"$NNI_OUTPUT_DIR/.nni\"",
                "rec() { p=\"$1\"$'\\n'; printf 'ME%06d%s' \"${#p}\" \"$p\" >> \"$NNI_OUTPUT_DIR/.nni/metrics\"; }",
                "rec '{\"value\": 1}'",
                "printf 'XX%06d%s' 3 $'ab\\n' >> \"$NNI_OUTPUT_DIR/.nni/metrics\"",
                "rec '{\"value\": 2}'",
                "sleep 3",
                "rec '{\"value\": 3}'");
        submit(service, launch("Met01", command));
        MetricBatch first = awaitMetrics(service, "Met01");
        awaitPhase(service, "Met01", TrialPhase.SUCCEEDED);

        MetricBatch rest = service.readMetrics("Met01", first.nextOffset());
        MetricBatch again = service.readMetrics("Met01", rest.nextOffset());

        List<String> all = new ArrayList<>(first.payloads());
        all.addAll(rest.payloads());
        assertThat(all).containsExactly("{\"value\": 1}", "{\"value\": 2}", "{\"value\": 3}");
        assertThat(again.payloads()).isEmpty();
        assertThat(again.nextOffset()).isEqualTo(rest.nextOffset());
    }

    @Test
    void aNewInstanceReattachesToARunningTrialAndSeesItFinish() {
        assumeCapability(Capability.REATTACH);
        TrainingService first = service();
        submit(first, launch("Long1", "sleep 4; exit 6"));
        awaitPhase(first, "Long1", TrialPhase.RUNNING);
        first.close();

        TrainingService second = service();

        assertThat(second.poll("Long1").phase()).isIn(TrialPhase.RUNNING, TrialPhase.FAILED);
        assertThat(awaitPhase(second, "Long1", TrialPhase.FAILED).exitCode()).isEqualTo(6);
    }

    @Test
    void aNewInstanceCanCancelATrialStartedByAClosedOne() {
        assumeCapability(Capability.REATTACH);
        TrainingService first = service();
        submit(first, launch("Long2", "sleep 600"));
        awaitPhase(first, "Long2", TrialPhase.RUNNING);
        first.close();

        TrainingService second = service();
        second.cancel("Long2");

        awaitPhase(second, "Long2", TrialPhase.CANCELED);
    }

    @Test
    void gpuTrialsRunOnDistinctDevicesOfThePool() {
        assumeCapability(Capability.GPUS);
        assumeThat(gpuCount()).as("GPUs of the rig").isGreaterThanOrEqualTo(2);
        TrainingService service = service();
        int limit = gpuCount();
        // each trial checks it got one valid device, then holds it until the other has recorded its own
        String command = String.join(
                "\n",
                "case \"$CUDA_VISIBLE_DEVICES\" in ''|*,*) exit 21 ;; esac",
                "[ \"$CUDA_VISIBLE_DEVICES\" -lt " + limit + " ] || exit 22",
                "echo \"$CUDA_VISIBLE_DEVICES\" > \"$NNI_OUTPUT_DIR/device\"",
                "sleep 4");
        submit(service, launch("Gpu01", command, 1, Map.of()));
        submit(service, launch("Gpu02", command, 1, Map.of()));
        awaitPhase(service, "Gpu01", TrialPhase.RUNNING);
        awaitPhase(service, "Gpu02", TrialPhase.RUNNING);

        assertThat(awaitFinished(service, "Gpu01").exitCode()).isZero();
        assertThat(awaitFinished(service, "Gpu02").exitCode()).isZero();
        if (capabilities().contains(Capability.LOGS)) {
            String devices = "echo \"device=$CUDA_VISIBLE_DEVICES\"";
            submit(service, launch("Gpu03", devices + "; sleep 3", 1, Map.of()));
            submit(service, launch("Gpu04", devices + "; sleep 3", 1, Map.of()));
            awaitPhase(service, "Gpu03", TrialPhase.SUCCEEDED);
            awaitPhase(service, "Gpu04", TrialPhase.SUCCEEDED);
            assertThat(log(service, "Gpu03", LogName.STDOUT).trim())
                    .startsWith("device=")
                    .isNotEqualTo(log(service, "Gpu04", LogName.STDOUT).trim());
        }
    }

    @Test
    void aPlacementFromTheSchedulerIsUsedAsGiven() {
        assumeCapability(Capability.GPUS);
        assumeThat(gpuCount()).as("GPUs of the rig").isGreaterThanOrEqualTo(2);
        TrainingService service = service();
        submit(
                service,
                launch("Place", "[ \"$CUDA_VISIBLE_DEVICES\" = 1 ] || exit 23", 1, Map.of())
                        .placedAt(placement(List.of(1))));

        assertThat(awaitFinished(service, "Place").exitCode()).isZero();
    }

    @Test
    void aTrialAskingForNoGpuSeesNone() {
        assumeCapability(Capability.GPUS);
        TrainingService service = service();
        submit(service, launch("NoGpu", "[ -z \"$CUDA_VISIBLE_DEVICES\" ] || exit 24", 0, Map.of()));

        assertThat(awaitFinished(service, "NoGpu").exitCode()).isZero();
    }

    // ---- helpers for subclasses' own tests

    protected final TrainingService service() {
        TrainingService service = open(experimentId);
        opened.add(service);
        return service;
    }

    protected final TrialLaunch launch(String trialId, String command) {
        return launch(trialId, command, null, Map.of());
    }

    protected final TrialLaunch launch(
            String trialId, String command, Integer gpuNumber, Map<String, String> environment) {
        return new TrialLaunch(experimentId, trialId, 4, PARAMETERS, command, code, gpuNumber, environment);
    }

    protected final void submit(TrainingService service, TrialLaunch launch) {
        submitted.add(launch.trialId());
        service.submit(launch);
    }

    protected final TrialState awaitPhase(TrainingService service, String trialId, TrialPhase phase) {
        return await(service, trialId, phase + "", s -> s.phase() == phase);
    }

    protected final TrialState awaitFinished(TrainingService service, String trialId) {
        return await(service, trialId, "finished", s -> s.phase().finished());
    }

    private TrialState await(
            TrainingService service, String trialId, String what, java.util.function.Predicate<TrialState> done) {
        long deadline = System.nanoTime() + timeout().toNanos();
        TrialState state = service.poll(trialId);
        while (!done.test(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trial " + trialId + " is " + state + ", expected " + what + " within "
                        + timeout() + "; stderr: " + logIfAny(service, trialId));
            }
            sleep(100);
            state = service.poll(trialId);
        }
        return state;
    }

    private MetricBatch awaitMetrics(TrainingService service, String trialId) {
        long deadline = System.nanoTime() + timeout().toNanos();
        MetricBatch batch = service.readMetrics(trialId, 0);
        while (batch.payloads().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no metric record of trial " + trialId + " within " + timeout());
            }
            sleep(100);
            batch = service.readMetrics(trialId, 0);
        }
        return batch;
    }

    protected final String log(TrainingService service, String trialId, LogName name) {
        try {
            var in = service.openLog(trialId, name);
            if (in.isEmpty()) {
                return "";
            }
            try (var stream = in.get()) {
                return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String logIfAny(TrainingService service, String trialId) {
        if (!capabilities().contains(Capability.LOGS)) {
            return "(no logs from this adapter)";
        }
        try {
            return log(service, trialId, LogName.STDERR);
        } catch (RuntimeException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }

    private void assumeCapability(Capability capability) {
        assumeThat(capabilities()).as("capabilities of this adapter").contains(capability);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String randomId(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
