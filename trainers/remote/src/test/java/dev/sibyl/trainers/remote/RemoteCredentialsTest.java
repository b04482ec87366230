package dev.sibyl.trainers.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialPhase;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class RemoteCredentialsTest extends TwoMachines {
    /** Generous: only a hang (no bounded timeout) can exceed it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    @Test
    void aWrongPasswordIsAnAuthFailureNotAHang() {
        RemoteMachine b = rig.machineB();
        RemoteMachine wrong = withCredentials(b, new SshCredentials.Password("not-the-password"));
        assertAuthFailure(wrong);
    }

    @Test
    void aKeyTheMachineDoesNotKnowIsAnAuthFailure() {
        String otherKey = TestKeys.openSsh(TestKeys.generate(), null);
        RemoteMachine wrong = withCredentials(rig.machineA(), new SshCredentials.KeyText(otherKey, null));
        assertAuthFailure(wrong);
    }

    @Test
    void aWrongPassphraseIsAnAuthFailure() {
        RemoteMachine wrong =
                withCredentials(rig.machineA(), new SshCredentials.KeyFile(rig.keyFile, "not-the-passphrase"));
        assertAuthFailure(wrong);
    }

    @Test
    void theRightKeyAsTextLogsIn() throws Exception {
        String keyText = TestKeys.openSsh(rig.key, null);
        RemoteMachine machine = withCredentials(rig.machineA(), new SshCredentials.KeyText(keyText, null));
        try (RemoteTrainingService service =
                new RemoteTrainingService("exp00010", List.of(machine), RemoteRig.settings())) {
            service.submit(rig.launch("exp00010", "key01", "true"));
            assertThat(RemoteRig.awaitPhase(service, "key01", TrialPhase::finished)
                            .phase())
                    .isEqualTo(TrialPhase.SUCCEEDED);
        }
    }

    @Test
    void aMachineNobodyListensOnIsUnhealthyWithTheReason() throws IOException {
        RemoteMachine nowhere = nowhere();
        RemotePoolSettings settings = RemoteRig.settings().withUnhealthyAfter(Duration.ofMillis(1));
        try (RemoteTrainingService service = new RemoteTrainingService("exp00011", List.of(nowhere), settings)) {
            MachineHealth health =
                    assertTimeoutPreemptively(HANG, () -> service.probe().get(0));
            assertThat(health.reachable()).isFalse();
            assertThat(health.healthy()).isFalse();
            assertThat(health.lastError()).startsWith("cannot connect to nowhere");
            assertThat(health.lastContact()).isNull();
            assertThatThrownBy(() -> service.submit(rig.launch("exp00011", "no001", "true")))
                    .isInstanceOfSatisfying(
                            TrainerException.class,
                            e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.RETRIABLE));
        }
    }

    @Test
    void theProbeReportsGpusOfReachableMachinesAndWhyOthersAreNot() throws IOException {
        rig.gpus("a", 2);
        RemoteMachine b = rig.machineB();
        RemoteMachine nowhere = nowhere();
        List<MachineHealth> health = assertTimeoutPreemptively(
                HANG, () -> RemotePoolProbe.probe(List.of(rig.machineA(), b, nowhere), RemoteRig.settings()));
        assertThat(health).extracting(MachineHealth::machine).containsExactly("a", "b", "nowhere");
        assertThat(health).extracting(MachineHealth::reachable).containsExactly(true, true, false);
        assertThat(health).extracting(MachineHealth::gpus).containsExactly(List.of(0, 1), List.of(), List.of());
        assertThat(health.get(0).lastError()).isNull();
        assertThat(health.get(0).lastContact()).isNotNull();
        assertThat(health.get(2).lastError()).startsWith("cannot connect to nowhere");
    }

    @Test
    void secretsNeverAppearInToStringLogsOrExceptions() throws Exception {
        String keyText = TestKeys.openSsh(rig.key, RemoteRig.PASSPHRASE);
        List<String> secrets =
                List.of(SshTestServer.PASSWORD, RemoteRig.PASSPHRASE, "not-the-password", keyBody(keyText));
        List<String> seen = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(new SimpleFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try {
            RemoteMachine a =
                    withCredentials(rig.machineA(), new SshCredentials.KeyText(keyText, RemoteRig.PASSPHRASE));
            RemoteMachine wrongPassword =
                    withCredentials(rig.machineB(), new SshCredentials.Password("not-the-password"));
            seen.add(a.toString());
            seen.add(rig.machineB().toString());
            seen.add(rig.machineA().toString());
            try (RemoteTrainingService service =
                    new RemoteTrainingService("exp00012", List.of(a, rig.machineB()), RemoteRig.settings())) {
                for (String trial : List.of("sec01", "sec02")) {
                    service.submit(rig.launch("exp00012", trial, "true"));
                    RemoteRig.awaitPhase(service, trial, TrialPhase::finished);
                }
                seen.add(service.health().toString());
            }
            try (RemoteTrainingService service =
                    new RemoteTrainingService("exp00012", List.of(wrongPassword), RemoteRig.settings())) {
                try {
                    service.submit(rig.launch("exp00012", "sec03", "true"));
                } catch (TrainerException e) {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        seen.add(String.valueOf(t));
                    }
                }
                seen.add(service.health().toString());
            }
            try {
                RemotePoolConfig.machines(Map.of(
                        "machineList",
                        List.of(Map.of("host", "h", "user", "u", "password", SshTestServer.PASSWORD, "port", "22"))));
            } catch (IllegalArgumentException e) {
                seen.add(e.getMessage());
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertThat(seen).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(seen).noneMatch(line -> line.contains(secret));
        }
    }

    private void assertAuthFailure(RemoteMachine machine) {
        try (RemoteTrainingService service =
                new RemoteTrainingService("exp00009", List.of(machine), RemoteRig.settings())) {
            TrainerException failure = assertTimeoutPreemptively(HANG, () -> {
                try {
                    service.submit(rig.launch("exp00009", "auth1", "true"));
                    return null;
                } catch (TrainerException e) {
                    return e;
                }
            });
            assertThat(failure).isNotNull();
            assertThat(failure.kind()).isEqualTo(TrainerException.Kind.AUTH);
            assertThat(failure.getMessage()).contains(machine.name());
            MachineHealth health = service.health().get(0);
            assertThat(health.healthy()).isFalse();
            assertThat(failure.getMessage()).contains(health.lastError());
        }
    }

    /** A machine on a loopback port nobody listens on. */
    private RemoteMachine nowhere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RemoteMachine b = rig.machineB();
        return new RemoteMachine("nowhere", "127.0.0.1", closedPort, b.user(), b.credentials(), null, 1, false, null);
    }

    private static RemoteMachine withCredentials(RemoteMachine machine, SshCredentials credentials) {
        return new RemoteMachine(
                machine.name(),
                machine.host(),
                machine.port(),
                machine.user(),
                credentials,
                machine.gpuIndices(),
                machine.maxTrialNumberPerGpu(),
                machine.useActiveGpu(),
                machine.pythonPath());
    }

    /** A line from the middle of the key's base64 body. */
    private static String keyBody(String keyText) {
        String[] lines = keyText.split("\n");
        String line = lines[lines.length / 2];
        Base64.getDecoder().decode(line.strip());
        return line.strip();
    }
}
