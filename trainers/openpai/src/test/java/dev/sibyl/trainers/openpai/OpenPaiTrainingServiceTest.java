package dev.sibyl.trainers.openpai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenPAI adapter against the stand-in cluster: what it sends, and how it reads what comes back. */
class OpenPaiTrainingServiceTest {
    private static final String EXPERIMENT = "exp12345";
    private static final String PARAMETERS = "{\"parameter_id\": 1, \"parameters\": {\"lr\": 0.1}}";

    @TempDir
    Path temp;

    private OpenPaiRig rig;
    private Path code;

    @BeforeEach
    void startCluster() throws IOException {
        rig = new OpenPaiRig(temp.resolve("rig"));
        code = Files.createDirectories(temp.resolve("code"));
        Files.writeString(code.resolve("train.sh"), "echo training\n");
    }

    @AfterEach
    void stopCluster() {
        rig.close();
    }

    @Test
    void submitsOneTaskRoleWithTheImageResourcesVirtualClusterAndStorage() throws IOException {
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);

        service.submit(launch("Tr001", "true", 1));

        JsonNode protocol =
                new YAMLMapper().readTree(rig.server.submittedProtocols().get(0));
        assertThat(protocol.path("protocolVersion").asInt()).isEqualTo(2);
        assertThat(protocol.path("name").asText()).isEqualTo("sibyl-exp12345-Tr001");
        assertThat(protocol.path("type").asText()).isEqualTo("job");
        assertThat(protocol.path("prerequisites").get(0).path("uri").asText()).isEqualTo("msranni/nni:latest");
        JsonNode role = protocol.path("taskRoles").path("taskrole");
        assertThat(role.path("instances").asInt()).isEqualTo(1);
        assertThat(role.path("resourcePerInstance").path("gpu").asInt()).isEqualTo(1);
        assertThat(role.path("resourcePerInstance").path("cpu").asInt()).isEqualTo(2);
        assertThat(role.path("resourcePerInstance").path("memoryMB").asInt()).isEqualTo(4096);
        assertThat(role.path("commands").get(0).asText())
                .isEqualTo("cd '" + rig.containerMount + "/exp12345/Tr001/code' && bash '" + rig.containerMount
                        + "/exp12345/Tr001/.nni/run.sh' >>'" + rig.containerMount + "/exp12345/Tr001/stdout' 2>>'"
                        + rig.containerMount + "/exp12345/Tr001/stderr'");
        assertThat(protocol.path("defaults").path("virtualCluster").asText()).isEqualTo("gpu-vc");
        assertThat(protocol.path("extras").path("storages").get(0).path("name").asText())
                .isEqualTo(OpenPaiRig.STORAGE);
    }

    @Test
    void aJobWaitsThenRunsAndSucceedsWithItsLogsOnTheSharedStorage() throws IOException {
        rig.server.waitingTime(Duration.ofMillis(800));
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);

        service.submit(launch("Tr002", "bash train.sh; cat \"$NNI_SYS_DIR/parameter.cfg\"; echo oops >&2", 0));

        assertThat(service.poll("Tr002").phase()).isEqualTo(TrialPhase.WAITING);
        TrialState state = await(service, "Tr002", s -> s.phase().finished());
        assertThat(state.phase()).isEqualTo(TrialPhase.SUCCEEDED);
        assertThat(state.startedAt()).isNotNull();
        assertThat(log(service, "Tr002", LogName.STDOUT)).isEqualTo("training\n" + PARAMETERS);
        assertThat(log(service, "Tr002", LogName.STDERR)).isEqualTo("oops\n");
        assertThat(rig.storage.resolve("exp12345/Tr002/stdout")).exists();
    }

    @Test
    void theTrialRunsWhereTheContainerSeesTheStorageNotWhereTheServerDoes() {
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);

        service.submit(launch("Tr003", "pwd; echo \"$NNI_OUTPUT_DIR\"", 0));

        await(service, "Tr003", s -> s.phase() == TrialPhase.SUCCEEDED);
        String container = rig.containerMount + "/exp12345/Tr003";
        assertThat(log(service, "Tr003", LogName.STDOUT)).isEqualTo(container + "/code\n" + container + "\n");
    }

    @Test
    void stopOnOpenPaiCancelsTheTrialAndSubmittingItAgainDoesNotRestartIt() {
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);
        TrialLaunch sleeper = launch("Tr004", "sleep 600", 0);
        service.submit(sleeper);
        await(service, "Tr004", s -> s.phase() == TrialPhase.RUNNING);

        service.cancel("Tr004");
        TrialState state = await(service, "Tr004", s -> s.phase().finished());
        service.submit(sleeper);

        assertThat(state.phase()).isEqualTo(TrialPhase.CANCELED);
        assertThat(state.message()).isEqualTo("cancelled");
        assertThat(rig.server.submittedProtocols()).hasSize(1);
        assertThat(service.poll("Tr004").phase()).isEqualTo(TrialPhase.CANCELED);
    }

    @Test
    void pollsWithinTheStatusIntervalAreAnsweredWithoutAskingOpenPaiAgain() {
        rig.server.waitingTime(Duration.ofSeconds(30)); // still WAITING when cancelled: STOPPED at once
        OpenPaiSettings settings = rig.settings();
        OpenPaiTrainingService service = new OpenPaiTrainingService(
                new OpenPaiSettings(
                        settings.host(),
                        settings.username(),
                        settings.token(),
                        1,
                        1024,
                        "img",
                        null,
                        OpenPaiRig.STORAGE,
                        rig.storage,
                        rig.containerMount.toString(),
                        null,
                        Duration.ofSeconds(5),
                        Duration.ofHours(1)),
                EXPERIMENT);
        service.submit(launch("Tr015", "sleep 600", 0));

        for (int i = 0; i < 20; i++) {
            service.poll("Tr015");
        }
        int readsBeforeCancel = rig.server.statusReads();
        service.cancel("Tr015");
        TrialState afterCancel = await(service, "Tr015", s -> s.phase().finished());
        int readsUntilEnded = rig.server.statusReads();
        service.poll("Tr015");

        assertThat(readsBeforeCancel).isEqualTo(1);
        assertThat(afterCancel.phase()).isEqualTo(TrialPhase.CANCELED);
        assertThat(rig.server.statusReads())
                .as("an ended job is not read again")
                .isEqualTo(readsUntilEnded);
    }

    @Test
    void aTrialCancelledBeforeItWasSubmittedNeverReachesOpenPai() {
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);
        OpenPaiTrainingService refused =
                new OpenPaiTrainingService(rig.settings().withToken("revoked"), EXPERIMENT);
        assertThatThrownBy(() -> refused.submit(launch("Tr005", "true", 0))).isInstanceOf(TrainerException.class);

        service.cancel("Tr005");
        service.submit(launch("Tr005", "true", 0));

        assertThat(rig.server.jobNames()).isEmpty();
        assertThat(service.poll("Tr005").phase()).isEqualTo(TrialPhase.CANCELED);
    }

    @Test
    void aTokenOpenPaiRefusesFailsTheTrialAsAnAuthFailureWithoutShowingTheToken() {
        OpenPaiTrainingService service =
                new OpenPaiTrainingService(rig.settings().withToken("expired-token-123"), EXPERIMENT);

        assertThatThrownBy(() -> service.submit(launch("Tr006", "true", 0)))
                .isInstanceOfSatisfying(TrainerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrainerException.Kind.AUTH);
                    assertThat(e.getMessage())
                            .contains("refused the token of user 'alice'")
                            .contains("HTTP 401")
                            .contains("UnauthorizedUserError")
                            .doesNotContain("expired-token-123");
                });
        assertThat(rig.server.jobNames()).isEmpty();
    }

    @Test
    void aTokenOfAnotherUserIsForbiddenWhenReadingTheJob() {
        new OpenPaiTrainingService(rig.settings(), EXPERIMENT).submit(launch("Tr007", "sleep 5", 0));
        OpenPaiTrainingService asBob = new OpenPaiTrainingService(rig.settings().withToken("bob-token"), EXPERIMENT);

        assertThatThrownBy(() -> asBob.poll("Tr007"))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.AUTH));
        assertThatThrownBy(() -> asBob.cancel("Tr007"))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.getMessage()).contains("HTTP 403"));
    }

    @Test
    void anUnknownVirtualClusterIsRejectedWithTheServersMessage() {
        OpenPaiTrainingService service =
                new OpenPaiTrainingService(rig.settings(rig.server.address(), "nowhere"), EXPERIMENT);

        assertThatThrownBy(() -> service.submit(launch("Tr008", "true", 0)))
                .isInstanceOfSatisfying(TrainerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED);
                    assertThat(e.getMessage())
                            .contains("HTTP 400")
                            .contains("NoVirtualClusterError: Virtual cluster nowhere is not found.");
                });
    }

    @Test
    void aMalformedProtocolTemplateIsRejectedWithTheServersMessage() {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("instances", 1);
        role.put("resourcePerInstance", Map.of("cpu", 1, "memoryMB", 1024, "gpu", 0));
        role.put("commands", List.of("replaced"));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("protocolVersion", 2);
        template.put("name", "replaced");
        template.put("type", "job");
        template.put("prerequisites", List.of(Map.of("type", "dockerimage", "name", "img", "uri", "ubuntu")));
        template.put("taskRoles", Map.of("worker", role)); // no dockerImage
        OpenPaiTrainingService service =
                new OpenPaiTrainingService(rig.settings().withProtocolTemplate(template), EXPERIMENT);

        assertThatThrownBy(() -> service.submit(launch("Tr009", "true", 0)))
                .isInstanceOfSatisfying(TrainerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED);
                    assertThat(e.getMessage())
                            .contains("InvalidParametersError: taskRoles.worker.dockerImage is required");
                });
    }

    @Test
    void aProtocolTemplateRunsTheTrialInItsTaskRole() {
        Map<String, Object> template = OpenPaiSettings.readProtocolTemplate(writeTemplate(String.join(
                "\n",
                "protocolVersion: 2",
                "name: from-file",
                "type: job",
                "prerequisites:",
                "  - {type: dockerimage, name: pytorch, uri: 'openpai/standard:python_3.6-pytorch_1.2.0-gpu'}",
                "taskRoles:",
                "  worker:",
                "    dockerImage: pytorch",
                "    resourcePerInstance: {cpu: 4, memoryMB: 8192, gpu: 1}",
                "    commands: [ignored]",
                "")));
        OpenPaiTrainingService service =
                new OpenPaiTrainingService(rig.settings().withProtocolTemplate(template), EXPERIMENT);

        service.submit(launch("Tr010", "echo in-template", 0));

        assertThat(await(service, "Tr010", s -> s.phase().finished()).phase()).isEqualTo(TrialPhase.SUCCEEDED);
        assertThat(log(service, "Tr010", LogName.STDOUT)).isEqualTo("in-template\n");
        assertThat(rig.server.submittedProtocols().get(0))
                .contains("sibyl-exp12345-Tr010")
                .contains("memoryMB: 8192")
                .contains(OpenPaiRig.STORAGE);
    }

    @Test
    void aTemplateWithTwoTaskRolesIsRejectedBeforeAnythingIsSent() {
        Map<String, Object> template = Map.of("taskRoles", Map.of("a", Map.of(), "b", Map.of()));
        OpenPaiTrainingService service =
                new OpenPaiTrainingService(rig.settings().withProtocolTemplate(template), EXPERIMENT);

        assertThatThrownBy(() -> service.submit(launch("Tr011", "true", 0)))
                .isInstanceOfSatisfying(TrainerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED);
                    assertThat(e.getMessage()).contains("exactly one task role");
                });
        assertThat(rig.server.submittedProtocols()).isEmpty();
    }

    @Test
    void anUnreachableClusterIsATransientFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenPaiTrainingService service = new OpenPaiTrainingService(
                rig.settings(URI.create("http://127.0.0.1:" + closedPort), null), EXPERIMENT);

        assertThatThrownBy(() -> service.submit(launch("Tr012", "true", 0)))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.RETRIABLE));
        // nothing is lost: once the cluster answers, submitting the trial again runs it
        OpenPaiTrainingService reachable = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);
        reachable.submit(launch("Tr012", "true", 0));
        assertThat(await(reachable, "Tr012", s -> s.phase().finished()).phase()).isEqualTo(TrialPhase.SUCCEEDED);
    }

    @Test
    void aJobThatVanishedFromOpenPaiIsReadFromTheStorage() throws IOException {
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);
        service.submit(launch("Tr013", "exit 7", 0));
        await(service, "Tr013", s -> s.phase().finished());
        rig.close();
        rig = new OpenPaiRig(temp.resolve("rig")); // a fresh cluster without the job, over the same storage
        OpenPaiTrainingService afterwards = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);

        TrialState state = afterwards.poll("Tr013");

        assertThat(state.phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(state.exitCode()).isEqualTo(7);
    }

    @Test
    void environmentVariablesThatAreNotShellNamesAreRejected() {
        OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), EXPERIMENT);
        TrialLaunch launch = new TrialLaunch(EXPERIMENT, "Tr014", 0, PARAMETERS, "true", code, 0, Map.of("A-B", "x"));

        assertThatThrownBy(() -> service.submit(launch)).isInstanceOfSatisfying(TrainerException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED);
            assertThat(e.getMessage()).contains("'A-B'");
        });
    }

    private Path writeTemplate(String yaml) {
        try {
            return Files.writeString(temp.resolve("openpai.yml"), yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TrialLaunch launch(String trialId, String command, Integer gpus) {
        return new TrialLaunch(EXPERIMENT, trialId, 0, PARAMETERS, command, code, gpus, Map.of());
    }

    private static TrialState await(OpenPaiTrainingService service, String trialId, Predicate<TrialState> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TrialState state = service.poll(trialId);
        while (!done.test(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trial " + trialId + " is still " + state);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            state = service.poll(trialId);
        }
        return state;
    }

    private static String log(OpenPaiTrainingService service, String trialId, LogName name) {
        try (InputStream in = service.openLog(trialId, name).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
