package dev.sibyl.trainers.local;

import static dev.sibyl.trainers.local.Trials.PARAMETERS;
import static dev.sibyl.trainers.local.Trials.await;
import static dev.sibyl.trainers.local.Trials.awaitPhase;
import static dev.sibyl.trainers.local.Trials.launch;
import static dev.sibyl.trainers.local.Trials.log;
import static dev.sibyl.trainers.local.Trials.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrainingServiceTest {
    private static final LocalPoolSettings SETTINGS = new LocalPoolSettings(null, 1, false, Duration.ofSeconds(2));

    @TempDir
    Path temp;

    private Path experiment;
    private Path code;
    private final List<LocalTrainingService> services = new ArrayList<>();

    @BeforeEach
    void createCode() throws IOException {
        experiment = temp.resolve("experiment");
        code = Files.createDirectories(temp.resolve("code"));
        Files.writeString(code.resolve("data.txt"), "original\n");
        Path script = code.resolve("tool.sh");
        Files.writeString(script, "#!/bin/bash\necho tool ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void closeServices() {
        services.forEach(LocalTrainingService::close);
    }

    private LocalTrainingService service() {
        return service(SETTINGS, System.getenv());
    }

    private LocalTrainingService service(LocalPoolSettings settings, Map<String, String> environment) {
        LocalTrainingService service = new LocalTrainingService(experiment, settings, environment);
        services.add(service);
        return service;
    }

    @Test
    void exitCodeZeroSucceedsAndExitCodeThreeFails() {
        LocalTrainingService service = service();
        service.submit(launch("Ok001", "exit 0", code));
        service.submit(launch("Bad01", "echo failing >&2; exit 3", code));

        TrialState ok = awaitPhase(service, "Ok001", TrialPhase.SUCCEEDED);
        TrialState bad = awaitPhase(service, "Bad01", TrialPhase.FAILED);

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.startedAt()).isNotNull();
        assertThat(ok.endedAt()).isAfterOrEqualTo(ok.startedAt());
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.message()).isEqualTo("exit code 3");
        assertThat(log(service, "Bad01", LogName.STDERR)).isEqualTo("failing\n");
        assertThat(experiment.resolve("trials/Ok001/.nni/state")).content().matches("0 \\d{13}\n");
    }

    @Test
    void parameterCfgIsWrittenBeforeTheCommandRuns() throws IOException {
        LocalTrainingService service = service();
        service.submit(launch("Par01", "cat \"$NNI_SYS_DIR/parameter.cfg\"", code));

        awaitPhase(service, "Par01", TrialPhase.SUCCEEDED);

        assertThat(log(service, "Par01", LogName.STDOUT)).isEqualTo(PARAMETERS);
        assertThat(Files.readString(experiment.resolve("trials/Par01/parameter.cfg")))
                .isEqualTo(PARAMETERS);
    }

    @Test
    void trialSeesTheNniAndSibylEnvironmentAndRunsInAPrivateCopyOfTheCode() throws IOException {
        LocalTrainingService service = service();
        Map<String, String> extra = Map.of("NNI_TRIAL_COMMAND_CHANNEL", "http://127.0.0.1:1/x", "NNI_PLATFORM", "evil");
        service.submit(
                launch("Env01", "./tool.sh; echo changed > data.txt; echo \"cwd=$PWD\"; env", code, null, extra));

        awaitPhase(service, "Env01", TrialPhase.SUCCEEDED);

        Path trialDir = experiment.resolve("trials/Env01").toAbsolutePath();
        List<String> lines = log(service, "Env01", LogName.STDOUT).lines().collect(Collectors.toList());
        Map<String, String> env = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(lines.get(0)).isEqualTo("tool ran");
        assertThat(env)
                .containsEntry("cwd", trialDir.resolve("code").toString())
                .containsEntry("NNI_PLATFORM", "local")
                .containsEntry("NNI_EXP_ID", "k3j9x0ab")
                .containsEntry("NNI_TRIAL_JOB_ID", "Env01")
                .containsEntry("NNI_SYS_DIR", trialDir.toString())
                .containsEntry("NNI_OUTPUT_DIR", trialDir.toString())
                .containsEntry("NNI_TRIAL_SEQ_ID", "4")
                .containsEntry("NNI_CODE_DIR", trialDir.resolve("code").toString())
                .containsEntry("SIBYL_EXPERIMENT_ID", "k3j9x0ab")
                .containsEntry("SIBYL_TRIAL_ID", "Env01")
                .containsEntry("NNI_TRIAL_COMMAND_CHANNEL", "http://127.0.0.1:1/x");
        assertThat(env.get("PYTHONPATH")).startsWith(experiment.resolve("sdk").toString());
        assertThat(code.resolve("data.txt")).content().isEqualTo("original\n");
        assertThat(trialDir.resolve("code/data.txt")).content().isEqualTo("changed\n");
    }

    @Test
    void submittingTheSameTrialTwiceStartsOneProcess() throws IOException {
        Path counter = temp.resolve("starts.txt");
        String command = "echo started >> '" + counter + "'; sleep 0.5";
        LocalTrainingService first = service();
        LocalTrainingService second = service();

        first.submit(launch("Once1", command, code));
        first.submit(launch("Once1", command, code));
        second.submit(launch("Once1", command, code));
        awaitPhase(first, "Once1", TrialPhase.SUCCEEDED);
        first.submit(launch("Once1", command, code));
        second.submit(launch("Once1", command, code));
        Trials.sleep(700);

        assertThat(Files.readAllLines(counter)).containsExactly("started");
        assertThat(first.poll("Once1").phase()).isEqualTo(TrialPhase.SUCCEEDED);
    }

    @Test
    void cancelStopsEveryProcessTheTrialStartedWithoutWaitingForTheGracePeriod() throws IOException {
        LocalTrainingService service = service();
        Path pids = temp.resolve("pids.txt");
        // One child obeys SIGTERM; the other ignores it and must be killed after the grace period.
        service.submit(launch(
                "Kill1",
                "sleep 300 & echo $! >> '" + pids + "'; (trap '' TERM; exec sleep 301) & echo $! >> '" + pids
                        + "'; wait",
                code));
        awaitPhase(service, "Kill1", TrialPhase.RUNNING);
        await("both children", Duration.ofSeconds(10), () -> lines(pids).size() == 2);
        long wrapper = Long.parseLong(
                Files.readString(experiment.resolve("trials/Kill1/.nni/pid")).split(" ")[0]);
        List<Long> children = lines(pids).stream().map(Long::valueOf).collect(Collectors.toList());

        long before = System.nanoTime();
        service.cancel("Kill1");
        long cancelMillis = (System.nanoTime() - before) / 1_000_000;

        assertThat(cancelMillis).isLessThan(1500);
        assertThat(running(children.get(1)))
                .as("the SIGTERM-ignoring child before the grace period")
                .isTrue();
        TrialState state = awaitPhase(service, "Kill1", TrialPhase.CANCELED);
        assertThat(state.message()).isEqualTo("cancelled");
        await(
                "every process of the trial to end",
                Duration.ofSeconds(10),
                () -> !running(wrapper) && children.stream().noneMatch(Trials::running));
        assertThat(service.poll("Kill1").phase()).isEqualTo(TrialPhase.CANCELED);
    }

    @Test
    void cancellingAFinishedTrialChangesNothing() {
        LocalTrainingService service = service();
        service.submit(launch("Done1", "exit 0", code));
        awaitPhase(service, "Done1", TrialPhase.SUCCEEDED);

        service.cancel("Done1");
        service.cancel("Nope1");

        assertThat(service.poll("Done1").phase()).isEqualTo(TrialPhase.SUCCEEDED);
        assertThat(service.poll("Nope1").phase()).isEqualTo(TrialPhase.UNKNOWN);
    }

    @Test
    void aNewInstanceReattachesToARunningTrialAndSeesItFinish() throws IOException {
        Path go = temp.resolve("go");
        LocalTrainingService first = service();
        first.submit(launch("Keep1", "while [ ! -e '" + go + "' ]; do sleep 0.05; done; exit 5", code));
        awaitPhase(first, "Keep1", TrialPhase.RUNNING);
        first.close();

        LocalTrainingService second = service();
        TrialState running = second.poll("Keep1");
        assertThat(running.phase()).isEqualTo(TrialPhase.RUNNING);
        assertThat(running.startedAt()).isNotNull();
        Files.writeString(go, "");

        TrialState ended = awaitPhase(second, "Keep1", TrialPhase.FAILED);
        assertThat(ended.exitCode()).isEqualTo(5);
    }

    @Test
    void aTrialDirectoryWithoutItsProcessIsReportedVanished() throws IOException {
        LocalTrainingService service = service();
        Path ghost = Files.createDirectories(experiment.resolve("trials/Ghost/.nni"));
        // The pid of a live process (this JVM) whose start time does not match: a reused pid.
        Files.writeString(ghost.resolve("pid"), ProcessHandle.current().pid() + " 1 1700000000000\n");
        Files.createDirectories(experiment.resolve("trials/Empty"));

        assertThat(service.poll("Ghost").phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(service.poll("Ghost").message()).isEqualTo("trial process vanished");
        assertThat(service.poll("Empty").message()).isEqualTo("trial process vanished");
        assertThat(service.poll("Never").phase()).isEqualTo(TrialPhase.UNKNOWN);
        assertThat(service.poll("../etc").phase()).isEqualTo(TrialPhase.UNKNOWN);
    }

    @Test
    void aPythonTrialReportsThroughTheBundledSdkAndMetricsAreReadByteExact() throws IOException {
        Files.writeString(
                code.resolve("train.py"),
                "import os, nni\n"
                        + "params = nni.get_next_parameter()\n"
                        + "for i in range(3):\n"
                        + "    nni.report_intermediate_result(params['x'] * i)\n"
                        + "nni.report_final_result({'default': params['x'], 'note': 'd\\u00f6ne'})\n"
                        + "print(nni.__file__)\n");
        LocalTrainingService service = service();
        service.submit(launch("Py001", "python3 train.py", code));

        awaitPhase(service, "Py001", TrialPhase.SUCCEEDED);
        MetricBatch batch = service.readMetrics("Py001", 0);

        String head = "{\"parameter_id\": 7, \"trial_job_id\": \"Py001\", ";
        assertThat(batch.payloads())
                .containsExactly(
                        head + "\"type\": \"PERIODICAL\", \"sequence\": 0, \"value\": \"0.0\"}",
                        head + "\"type\": \"PERIODICAL\", \"sequence\": 1, \"value\": \"0.5\"}",
                        head + "\"type\": \"PERIODICAL\", \"sequence\": 2, \"value\": \"1.0\"}",
                        head + "\"type\": \"FINAL\", \"sequence\": 0, "
                                + "\"value\": \"{\\\"default\\\": 0.5, \\\"note\\\": \\\"d\\\\u00f6ne\\\"}\"}");
        Path metrics = experiment.resolve("trials/Py001/.nni/metrics");
        assertThat(batch.nextOffset()).isEqualTo(Files.size(metrics));
        assertThat(service.readMetrics("Py001", batch.nextOffset()))
                .isEqualTo(new MetricBatch(List.of(), batch.nextOffset()));
        assertThat(log(service, "Py001", LogName.STDOUT))
                .startsWith(experiment.resolve("sdk/nni/__init__.py").toString());
        assertThat(log(service, "Py001", LogName.TRIAL_LOG)).contains("received parameters {\"x\": 0.5}");
    }

    @Test
    void readMetricsReturnsCompleteRecordsAndStopsBeforeAPartialOne() throws IOException {
        LocalTrainingService service = service();
        service.submit(launch("Met01", "true", code));
        awaitPhase(service, "Met01", TrialPhase.SUCCEEDED);
        Path metrics = experiment.resolve("trials/Met01/.nni/metrics");
        byte[] first = record("ME", "{\"a\": \"\u00e9\"}");
        byte[] other = record("XY", "not a metric");
        byte[] second = record("ME", "{\"b\": 2}");
        Files.write(metrics, concat(first, other, slice(second, 0, 5)));

        MetricBatch batch = service.readMetrics("Met01", 0);
        assertThat(batch.payloads()).containsExactly("{\"a\": \"\u00e9\"}");
        assertThat(batch.nextOffset()).isEqualTo(first.length + other.length);

        Files.write(metrics, slice(second, 5, second.length - 1), StandardOpenOption.APPEND);
        assertThat(service.readMetrics("Met01", batch.nextOffset()))
                .isEqualTo(new MetricBatch(List.of(), batch.nextOffset()));

        Files.write(metrics, slice(second, second.length - 1, second.length), StandardOpenOption.APPEND);
        assertThat(service.readMetrics("Met01", batch.nextOffset()))
                .isEqualTo(new MetricBatch(List.of("{\"b\": 2}"), Files.size(metrics)));
        assertThat(service.readMetrics("Nope1", 0)).isEqualTo(new MetricBatch(List.of(), 0));
    }

    @Test
    void logsAreOpenedFromTheTrialDirectory() throws IOException {
        LocalTrainingService service = service();
        service.submit(launch("Log01", "echo out; echo err >&2", code));
        awaitPhase(service, "Log01", TrialPhase.SUCCEEDED);

        assertThat(log(service, "Log01", LogName.STDOUT)).isEqualTo("out\n");
        assertThat(log(service, "Log01", LogName.STDERR)).isEqualTo("err\n");
        assertThat(service.openLog("Log01", LogName.TRIAL_LOG)).isEmpty();
        assertThat(service.openLog("Nope1", LogName.STDOUT)).isEmpty();
    }

    @Test
    void aMissingCodeDirectoryOrABadTrialIdIsRejected() {
        LocalTrainingService service = service();

        assertThatThrownBy(() -> service.submit(launch("NoCode", "true", temp.resolve("missing"))))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED));
        assertThatThrownBy(() -> service.submit(launch("../up", "true", code)))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED));
        assertThat(service.platform()).isEqualTo("local");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] record(String type, String payload) {
        byte[] data = (payload + "\n").getBytes(StandardCharsets.UTF_8);
        return concat(String.format("%s%06d", type, data.length).getBytes(StandardCharsets.US_ASCII), data);
    }

    private static byte[] slice(byte[] data, int from, int to) {
        return java.util.Arrays.copyOfRange(data, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
