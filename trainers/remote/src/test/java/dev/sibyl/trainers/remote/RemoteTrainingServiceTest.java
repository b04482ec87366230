package dev.sibyl.trainers.remote;

import static dev.sibyl.trainers.remote.RemoteRig.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.Placement;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RemoteTrainingServiceTest extends TwoMachines {
    @Test
    void runsTrialsOnBothMachinesInPrivateCopiesOfTheCode() throws Exception {
        try (RemoteTrainingService service = rig.open("exp00001")) {
            List<String> trials = List.of("tr001", "tr002", "tr003", "tr004");
            for (String trial : trials) {
                service.submit(rig.launch("exp00001", trial, "echo \"$NNI_SYS_DIR\"; cat data.txt; sleep 1"));
            }
            List<String> directories = new ArrayList<>();
            for (String trial : trials) {
                TrialState state = awaitPhase(service, trial, TrialPhase::finished);
                assertThat(state.phase()).isEqualTo(TrialPhase.SUCCEEDED);
                assertThat(state.exitCode()).isZero();
                assertThat(state.startedAt()).isNotNull();
                assertThat(state.endedAt()).isAfterOrEqualTo(state.startedAt());
                String stdout = read(service, trial, LogName.STDOUT);
                assertThat(stdout).contains("data of the trial");
                directories.add(stdout.lines().findFirst().orElseThrow());
            }
            assertThat(directories)
                    .anyMatch(d -> d.startsWith(rig.a.home().toString()))
                    .anyMatch(d -> d.startsWith(rig.b.home().toString()));
            // The code went to each machine once, as one archive, whatever the number of trials.
            for (Path home : List.of(rig.a.home(), rig.b.home())) {
                try (Stream<Path> archives = Files.list(home.resolve("sibyl-experiments/exp00001/archives"))) {
                    assertThat(archives.toList()).hasSize(1);
                }
            }
        }
    }

    @Test
    void readsMetricsOfTheFileChannelBackOverSftp() throws Exception {
        String record = "{\"parameter_id\": 0, \"trial_job_id\": \"met01\", \"type\": \"FINAL\", \"sequence\": 0,"
                + " \"value\": \"0.5\"}\n";
        String frame = "ME" + String.format("%06d", record.getBytes(StandardCharsets.UTF_8).length) + record;
        String command = "printf '%s' '" + frame + frame.substring(0, 12) + "' >> \"$NNI_OUTPUT_DIR/.nni/metrics\"";
        try (RemoteTrainingService service = rig.open("exp00002")) {
            service.submit(rig.launch("exp00002", "met01", command));
            awaitPhase(service, "met01", TrialPhase::finished);
            MetricBatch first = service.readMetrics("met01", 0);
            assertThat(first.payloads()).containsExactly(record.strip());
            assertThat(first.nextOffset()).isEqualTo(frame.length());
            assertThat(service.readMetrics("met01", first.nextOffset()).payloads())
                    .isEmpty();
        }
    }

    @Test
    void trialSurvivesAConnectionCutAndItsResultArrives() throws Exception {
        String command = "sleep 3; printf 'ME000003{}\\n' >> \"$NNI_OUTPUT_DIR/.nni/metrics\"";
        try (RemoteTrainingService service = rig.open("exp00003")) {
            service.submit(rig.launch("exp00003", "cut01", command).placedAt(new Placement("a", List.of())));
            awaitPhase(service, "cut01", phase -> phase == TrialPhase.RUNNING);

            rig.a.stop();
            TrialState duringOutage = service.poll("cut01");
            assertThat(duringOutage.phase()).isEqualTo(TrialPhase.RUNNING);
            assertThat(service.health().get(0).reachable()).isFalse();
            assertThat(service.health().get(0).lastError()).contains("a");
            Thread.sleep(1000);
            rig.a.restart();

            TrialState state = awaitPhase(service, "cut01", TrialPhase::finished);
            assertThat(state.phase()).isEqualTo(TrialPhase.SUCCEEDED);
            assertThat(service.readMetrics("cut01", 0).payloads()).containsExactly("{}");
            assertThat(service.health().get(0).reachable()).isTrue();
        }
    }

    @Test
    void trialsOfAMachineThatStaysAwayAreLostWithTheReasonAndStoppedWhenItComesBack() throws Exception {
        RemotePoolSettings quicklyUnhealthy = RemoteRig.settings().withUnhealthyAfter(java.time.Duration.ofMillis(500));
        try (RemoteTrainingService service =
                new RemoteTrainingService("exp00004", List.of(rig.machineA(), rig.machineB()), quicklyUnhealthy)) {
            service.submit(rig.launch("exp00004", "gone1", "sleep 60").placedAt(new Placement("b", List.of())));
            awaitPhase(service, "gone1", phase -> phase == TrialPhase.RUNNING);
            rig.b.stop();

            // Lost, not failed: the caller queues it again; and it stays lost.
            TrialState state = awaitPhase(service, "gone1", phase -> phase != TrialPhase.RUNNING);
            assertThat(state.phase()).isEqualTo(TrialPhase.LOST);
            assertThat(state.message()).contains("machine b is unhealthy").contains("cannot connect to b");
            assertThat(state.startedAt()).isNotNull();
            MachineHealth b = service.probe().get(1);
            assertThat(b.machine()).isEqualTo("b");
            assertThat(b.reachable()).isFalse();
            assertThat(b.healthy()).isFalse();
            assertThat(b.lastError()).contains("cannot connect to b");
            assertThat(b.lastContact()).isNotNull();

            // A trial placed on the unhealthy machine is lost at once rather than retried forever.
            service.submit(rig.launch("exp00004", "late1", "echo never").placedAt(new Placement("b", List.of())));
            assertThat(service.poll("late1").phase()).isEqualTo(TrialPhase.LOST);

            // New trials go to the machine that is still there.
            service.submit(rig.launch("exp00004", "still", "echo \"$NNI_SYS_DIR\""));
            awaitPhase(service, "still", TrialPhase::finished);
            assertThat(read(service, "still", LogName.STDOUT))
                    .startsWith(rig.a.home().toString());

            // When b answers again, the lost trial is stopped there instead of running on unobserved.
            rig.b.restart();
            Path trialState = awaitFile(rig.b.home(), "gone1", 30_000);
            assertThat(trialState.resolveSibling("cancel")).exists();
            assertThat(service.poll("gone1").phase()).isEqualTo(TrialPhase.LOST);
            try (Stream<Path> files = Files.walk(rig.b.home())) {
                assertThat(files.anyMatch(p -> p.toString().contains("late1")))
                        .as("a trial lost at submission never ran")
                        .isFalse();
            }
        }
    }

    @Test
    void aTrialPlacedOnAMachineThatCameBackRunsThereWithoutWaitingForTheReconnectBackoff() throws Exception {
        RemotePoolSettings base = RemoteRig.settings();
        RemotePoolSettings slowToRetry = new RemotePoolSettings(
                base.remoteDirectory(),
                base.connectTimeout(),
                base.authTimeout(),
                base.commandTimeout(),
                base.cancelGracePeriod(),
                java.time.Duration.ofMinutes(10),
                java.time.Duration.ofMinutes(10),
                java.time.Duration.ofMillis(500));
        try (RemoteTrainingService service =
                new RemoteTrainingService("exp00009", List.of(rig.machineA(), rig.machineB()), slowToRetry)) {
            service.submit(rig.launch("exp00009", "gone2", "sleep 60").placedAt(new Placement("b", List.of())));
            awaitPhase(service, "gone2", phase -> phase == TrialPhase.RUNNING);
            rig.b.stop();
            assertThat(awaitPhase(service, "gone2", phase -> phase != TrialPhase.RUNNING)
                            .phase())
                    .isEqualTo(TrialPhase.LOST);

            // The link would wait 10 minutes before its next attempt; the scheduler placing a trial on b (its probe
            // reached b) makes it try at once, so the trial runs instead of being lost and queued again in a loop.
            rig.b.restart();
            service.submit(rig.launch("exp00009", "back2", "echo back").placedAt(new Placement("b", List.of())));
            TrialState back = awaitPhase(service, "back2", TrialPhase::finished);
            assertThat(back.phase()).isEqualTo(TrialPhase.SUCCEEDED);
            assertThat(read(service, "back2", LogName.STDOUT)).contains("back");
            assertThat(service.poll("gone2").phase())
                    .as("once lost, always lost")
                    .isEqualTo(TrialPhase.LOST);
        }
    }

    /** The {@code .nni/state} file the wrapper writes when the trial's process ends. */
    private static Path awaitFile(Path home, String trialId, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> files = Files.walk(home)) {
                var found = files.filter(p -> p.endsWith(Path.of(trialId, ".nni", "state")))
                        .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("trial " + trialId + " did not end on its machine within " + timeoutMillis + " ms");
    }

    @Test
    void aNewInstanceReattachesToTrialsStartedByThePreviousOne() throws Exception {
        try (RemoteTrainingService first = rig.open("exp00005")) {
            first.submit(rig.launch("exp00005", "att01", "sleep 2; echo done"));
            first.submit(rig.launch("exp00005", "att02", "sleep 2; echo done"));
            awaitPhase(first, "att01", phase -> phase == TrialPhase.RUNNING);
        }
        try (RemoteTrainingService second = rig.open("exp00005")) {
            assertThat(second.poll("att01").phase()).isEqualTo(TrialPhase.RUNNING);
            second.submit(rig.launch("exp00005", "att01", "echo must not run twice"));
            for (String trial : List.of("att01", "att02")) {
                assertThat(awaitPhase(second, trial, TrialPhase::finished).phase())
                        .isEqualTo(TrialPhase.SUCCEEDED);
                assertThat(read(second, trial, LogName.STDOUT)).isEqualTo("done\n");
            }
        }
    }

    @Test
    void cancelEndsTheWholeProcessGroup() throws Exception {
        try (RemoteTrainingService service = rig.open("exp00006")) {
            service.submit(rig.launch("exp00006", "can01", "sleep 600 & sleep 600; wait"));
            awaitPhase(service, "can01", phase -> phase == TrialPhase.RUNNING);
            service.cancel("can01");
            TrialState state = awaitPhase(service, "can01", TrialPhase::finished);
            assertThat(state.phase()).isEqualTo(TrialPhase.CANCELED);
            Thread.sleep(300);
            Process pgrep = new ProcessBuilder("pgrep", "-f", "sleep 600 & sleep 600").start();
            assertThat(pgrep.waitFor()).as("no process of the trial is left").isEqualTo(1);
        }
    }

    @Test
    void gpuTrialsShareNvidiaSmiGpusOfBothMachinesAndWaitWhenNoneIsFree() throws Exception {
        rig.gpus("a", 2);
        rig.gpus("b", 1);
        try (RemoteTrainingService service = rig.open("exp00007")) {
            String command = "echo \"$CUDA_VISIBLE_DEVICES $NNI_SYS_DIR\"; sleep 2";
            for (int i = 1; i <= 4; i++) {
                service.submit(rig.launch("exp00007", "gpu0" + i, command, 1));
            }
            awaitPhase(service, "gpu03", phase -> phase == TrialPhase.RUNNING);
            TrialState fourth = service.poll("gpu04");
            assertThat(fourth.phase()).isEqualTo(TrialPhase.WAITING);
            assertThat(fourth.message()).contains("free GPU");
            List<String> firstThree = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                awaitPhase(service, "gpu0" + i, TrialPhase::finished);
                String line = read(service, "gpu0" + i, LogName.STDOUT).strip();
                String machine = line.contains(rig.a.home().toString()) ? "a" : "b";
                if (i <= 3) {
                    firstThree.add(machine + ":" + line.split(" ")[0]);
                }
            }
            assertThat(firstThree).containsExactlyInAnyOrder("a:0", "a:1", "b:0");
            assertThat(service.health()).extracting(MachineHealth::gpus).contains(List.of(0, 1), List.of(0));
        }
    }

    @Test
    void placementIsTakenAsGivenAndPythonPathLeadsPath() throws Exception {
        RemoteMachine b = rig.machineB();
        RemoteMachine withPythonPath = new RemoteMachine(
                b.name(), b.host(), b.port(), b.user(), b.credentials(), null, 1, false, "/opt/sibyl-python/bin");
        try (RemoteTrainingService service =
                new RemoteTrainingService("exp00008", List.of(rig.machineA(), withPythonPath), RemoteRig.settings())) {
            service.submit(rig.launch("exp00008", "pla01", "echo \"$CUDA_VISIBLE_DEVICES|${PATH%%:*}\"", 2)
                    .placedAt(new Placement("b", List.of(3, 5))));
            awaitPhase(service, "pla01", TrialPhase::finished);
            assertThat(read(service, "pla01", LogName.STDOUT)).isEqualTo("3,5|/opt/sibyl-python/bin\n");
        }
    }

    private static String read(RemoteTrainingService service, String trialId, LogName log) throws IOException {
        try (InputStream in = service.openLog(trialId, log).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
