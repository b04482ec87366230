package dev.sibyl.trainers.local;

import static dev.sibyl.trainers.local.Trials.awaitPhase;
import static dev.sibyl.trainers.local.Trials.launch;
import static dev.sibyl.trainers.local.Trials.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CUDA_VISIBLE_DEVICES and waiting for GPUs, with a stand-in {@code nvidia-smi} script first on PATH. */
class LocalGpuSchedulingTest {
    private static final String SHOW_DEVICES = "echo \"cvd=${CUDA_VISIBLE_DEVICES-unset}\"";

    @TempDir
    Path temp;

    private Path experiment;
    private Path code;
    private FakeNvidiaSmi nvidiaSmi;
    private final List<LocalTrainingService> services = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        experiment = temp.resolve("experiment");
        code = Files.createDirectories(temp.resolve("code"));
        nvidiaSmi = new FakeNvidiaSmi(Files.createDirectories(temp.resolve("fake-nvidia-smi")));
    }

    @AfterEach
    void closeServices() {
        services.forEach(LocalTrainingService::close);
    }

    private LocalTrainingService service(List<Integer> gpuIndices, int perGpu, boolean useActiveGpu) {
        return service(gpuIndices, perGpu, useActiveGpu, nvidiaSmi.environment());
    }

    private LocalTrainingService service(
            List<Integer> gpuIndices, int perGpu, boolean useActiveGpu, Map<String, String> environment) {
        LocalTrainingService service = new LocalTrainingService(
                experiment,
                new LocalPoolSettings(gpuIndices, perGpu, useActiveGpu, Duration.ofSeconds(1)),
                environment);
        services.add(service);
        return service;
    }

    private String devicesSeenBy(LocalTrainingService service, String trialId) {
        awaitPhase(service, trialId, TrialPhase.SUCCEEDED);
        return log(service, trialId, LogName.STDOUT).strip();
    }

    @Test
    void withoutGpuSchedulingCudaVisibleDevicesIsLeftAsInherited() throws IOException {
        nvidiaSmi.gpus(2);
        Map<String, String> environment = new HashMap<>(nvidiaSmi.environment());
        environment.put("CUDA_VISIBLE_DEVICES", "5");
        LocalTrainingService service = service(null, 1, false, environment);
        service.submit(launch("Null1", SHOW_DEVICES, code, null, Map.of()));

        assertThat(devicesSeenBy(service, "Null1")).isEqualTo("cvd=5");
    }

    @Test
    void zeroGpusHidesEveryGpu() throws IOException {
        nvidiaSmi.gpus(2);
        LocalTrainingService service = service(null, 1, false);
        service.submit(launch("Zero1", SHOW_DEVICES, code, 0, Map.of("CUDA_VISIBLE_DEVICES", "1")));

        assertThat(devicesSeenBy(service, "Zero1")).isEqualTo("cvd=");
    }

    @Test
    void gpusBusyWithOtherProcessesAreSkipped() throws IOException {
        // pid 1 belongs to no trial of this service: GPU 0 is busy.
        nvidiaSmi.gpus(4).process(0, 1);
        LocalTrainingService service = service(null, 1, false);
        service.submit(launch("Two01", SHOW_DEVICES, code, 2, Map.of()));

        assertThat(devicesSeenBy(service, "Two01")).isEqualTo("cvd=1,2");
    }

    @Test
    void busyGpusAreUsedWhenUseActiveGpuIsSet() throws IOException {
        nvidiaSmi.gpus(2).process(0, 1).process(1, 1);
        LocalTrainingService service = service(null, 1, true);
        service.submit(launch("Act01", SHOW_DEVICES, code, 2, Map.of()));

        assertThat(devicesSeenBy(service, "Act01")).isEqualTo("cvd=0,1");
    }

    @Test
    void gpuIndicesRestrictThePool() throws IOException {
        nvidiaSmi.gpus(4);
        LocalTrainingService service = service(List.of(3, 2), 1, false);
        service.submit(launch("Idx01", SHOW_DEVICES, code, 1, Map.of()));

        assertThat(devicesSeenBy(service, "Idx01")).isEqualTo("cvd=2");
        assertThatThrownBy(() -> service.submit(launch("Idx02", SHOW_DEVICES, code, 3, Map.of())))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED));
    }

    @Test
    void askingForMoreGpusThanThePoolHasIsRejectedAtSubmit() throws IOException {
        nvidiaSmi.gpus(2);
        LocalTrainingService service = service(null, 1, false);

        assertThatThrownBy(() -> service.submit(launch("Big01", SHOW_DEVICES, code, 3, Map.of())))
                .isInstanceOfSatisfying(TrainerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED);
                    assertThat(e.getMessage()).contains("3 GPU(s)").contains("has 2");
                });
        assertThat(service.poll("Big01").phase()).isEqualTo(TrialPhase.UNKNOWN);
    }

    @Test
    void withoutNvidiaSmiOnlyConfiguredGpuIndicesExist() {
        Map<String, String> environment = FakeNvidiaSmi.environmentWithoutNvidiaSmi();
        LocalTrainingService none = service(null, 1, false, environment);
        assertThatThrownBy(() -> none.submit(launch("Gpu01", SHOW_DEVICES, code, 1, Map.of())))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED));
        none.close();

        LocalTrainingService configured = service(List.of(1), 1, false, environment);
        configured.submit(launch("Gpu02", SHOW_DEVICES, code, 1, Map.of()));
        assertThat(devicesSeenBy(configured, "Gpu02")).isEqualTo("cvd=1");
    }

    @Test
    void aTrialWaitsWhileNoGpuFitsAndStartsWhenOneFreesUp() throws IOException {
        nvidiaSmi.gpus(1);
        Path go = temp.resolve("go");
        LocalTrainingService service = service(null, 1, false);
        service.submit(launch("Hold1", "while [ ! -e '" + go + "' ]; do sleep 0.05; done", code, 1, Map.of()));
        service.submit(launch("Next1", SHOW_DEVICES, code, 1, Map.of()));

        awaitPhase(service, "Hold1", TrialPhase.RUNNING);
        Trials.sleep(1500); // more than one background check
        TrialState waiting = service.poll("Next1");
        assertThat(waiting.phase()).isEqualTo(TrialPhase.WAITING);
        assertThat(waiting.message()).isEqualTo("waiting for 1 free GPU(s)");
        assertThat(log(service, "Next1", LogName.STDOUT)).isEmpty();

        Files.writeString(go, "");
        assertThat(devicesSeenBy(service, "Next1")).isEqualTo("cvd=0");
    }

    @Test
    void trialsShareAGpuUpToMaxTrialNumberPerGpu() throws IOException {
        nvidiaSmi.gpus(1);
        Path go = temp.resolve("go");
        String hold = "while [ ! -e '" + go + "' ]; do sleep 0.05; done; " + SHOW_DEVICES;
        LocalTrainingService service = service(null, 2, false);
        service.submit(launch("Shr01", hold, code, 1, Map.of()));
        service.submit(launch("Shr02", hold, code, 1, Map.of()));
        service.submit(launch("Shr03", hold, code, 1, Map.of()));

        awaitPhase(service, "Shr01", TrialPhase.RUNNING);
        awaitPhase(service, "Shr02", TrialPhase.RUNNING);
        assertThat(service.poll("Shr03").phase()).isEqualTo(TrialPhase.WAITING);
        Files.writeString(go, "");

        assertThat(devicesSeenBy(service, "Shr01")).isEqualTo("cvd=0");
        assertThat(devicesSeenBy(service, "Shr02")).isEqualTo("cvd=0");
        assertThat(devicesSeenBy(service, "Shr03")).isEqualTo("cvd=0");
    }

    @Test
    void aWaitingTrialIsQueuedAgainByTheNextInstance() throws IOException {
        nvidiaSmi.gpus(1);
        Path go = temp.resolve("go");
        LocalTrainingService first = service(null, 1, false);
        first.submit(launch("Hold2", "while [ ! -e '" + go + "' ]; do sleep 0.05; done", code, 1, Map.of()));
        first.submit(launch("Wait2", SHOW_DEVICES, code, 1, Map.of()));
        awaitPhase(first, "Hold2", TrialPhase.RUNNING);
        first.close();

        LocalTrainingService second = service(null, 1, false);
        Trials.sleep(1500);
        assertThat(second.poll("Wait2").phase()).isEqualTo(TrialPhase.WAITING);
        assertThat(second.poll("Hold2").phase()).isEqualTo(TrialPhase.RUNNING);

        Files.writeString(go, "");
        assertThat(devicesSeenBy(second, "Wait2")).isEqualTo("cvd=0");
    }

    @Test
    void aCancelledWaitingTrialNeverStarts() throws IOException {
        nvidiaSmi.gpus(1);
        Path go = temp.resolve("go");
        LocalTrainingService service = service(null, 1, false);
        service.submit(launch("Hold3", "while [ ! -e '" + go + "' ]; do sleep 0.05; done", code, 1, Map.of()));
        service.submit(launch("Skip3", SHOW_DEVICES, code, 1, Map.of()));
        awaitPhase(service, "Hold3", TrialPhase.RUNNING);

        service.cancel("Skip3");
        Files.writeString(go, "");
        awaitPhase(service, "Hold3", TrialPhase.SUCCEEDED);
        Trials.sleep(1500);

        assertThat(service.poll("Skip3").phase()).isEqualTo(TrialPhase.CANCELED);
        assertThat(log(service, "Skip3", LogName.STDOUT)).isEmpty();
        service.submit(launch("Skip3", SHOW_DEVICES, code, 1, Map.of()));
        Trials.sleep(1500);
        assertThat(service.poll("Skip3").phase()).isEqualTo(TrialPhase.CANCELED);
    }
}
