package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Two "machines" for tests: two real SSH servers on loopback, each with its own home directory and a stand-in
 * {@code nvidia-smi} on its PATH that reports the GPUs the test asks for. Machine {@code a} logs in with an
 * encrypted key file, machine {@code b} with a password.
 */
final class RemoteRig implements AutoCloseable {
    static final String PASSPHRASE = "open-sesame-passphrase";

    final Path root;
    final KeyPair key = TestKeys.generate();
    final Path keyFile;
    final SshTestServer a;
    final SshTestServer b;
    final Path code;

    RemoteRig(Path root) throws IOException {
        this.root = root;
        this.keyFile = root.resolve("id_ecdsa");
        Files.writeString(keyFile, TestKeys.openSsh(key, PASSPHRASE));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        this.a = new SshTestServer(
                machineDirectory("a"), key.getPublic(), fakeNvidiaSmi("a").toString());
        this.b = new SshTestServer(
                machineDirectory("b"), key.getPublic(), fakeNvidiaSmi("b").toString());
        this.code = Files.createDirectories(root.resolve("code"));
        Files.writeString(code.resolve("data.txt"), "data of the trial\n");
    }

    RemoteMachine machineA() {
        return new RemoteMachine(
                "a",
                "127.0.0.1",
                a.port(),
                SshTestServer.USER,
                new SshCredentials.KeyFile(keyFile, PASSPHRASE),
                null,
                1,
                false,
                null);
    }

    RemoteMachine machineB() {
        return new RemoteMachine(
                "b",
                "127.0.0.1",
                b.port(),
                SshTestServer.USER,
                new SshCredentials.Password(SshTestServer.PASSWORD),
                null,
                1,
                false,
                null);
    }

    static RemotePoolSettings settings() {
        return new RemotePoolSettings(
                "sibyl-experiments",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    RemoteTrainingService open(String experimentId) {
        return new RemoteTrainingService(experimentId, List.of(machineA(), machineB()), settings());
    }

    /** Makes machine {@code name}'s nvidia-smi report {@code count} idle GPUs. */
    void gpus(String name, int count) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < count; i++) {
            csv.append(i).append(", GPU-").append(name).append(i).append(", 0, 0\n");
        }
        Files.writeString(machineDirectory(name).resolve("gpus.csv"), csv.toString());
    }

    TrialLaunch launch(String experimentId, String trialId, String command) {
        return launch(experimentId, trialId, command, null);
    }

    TrialLaunch launch(String experimentId, String trialId, String command, Integer gpuNumber) {
        return new TrialLaunch(experimentId, trialId, 0, "{\"parameter_id\": 0}", command, code, gpuNumber, Map.of());
    }

    static TrialState awaitPhase(TrainingService service, String trialId, Predicate<TrialPhase> wanted)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<TrialState> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            TrialState state = service.poll(trialId);
            if (wanted.test(state.phase())) {
                return state;
            }
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("trial " + trialId + " never reached the wanted phase; states seen: " + seen);
    }

    @Override
    public void close() throws IOException {
        a.close();
        b.close();
    }

    private Path machineDirectory(String name) throws IOException {
        return Files.createDirectories(root.resolve("machine-" + name));
    }

    /** A stand-in nvidia-smi answering the two CSV queries from gpus.csv (no compute processes). */
    private Path fakeNvidiaSmi(String name) throws IOException {
        Path bin = Files.createDirectories(machineDirectory(name).resolve("bin"));
        Path csv = machineDirectory(name).resolve("gpus.csv");
        Files.writeString(csv, "");
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(
                script,
                "#!/bin/bash\n"
                        + "case \"$1\" in\n"
                        + "  --query-gpu=*) cat " + RemoteScripts.quote(csv.toString()) + " ;;\n"
                        + "  --query-compute-apps=*) ;;\n"
                        + "  *) echo \"unsupported: $*\" >&2; exit 2 ;;\n"
                        + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
