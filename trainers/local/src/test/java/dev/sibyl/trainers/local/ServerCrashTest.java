package dev.sibyl.trainers.local;

import static dev.sibyl.trainers.local.Trials.await;
import static dev.sibyl.trainers.local.Trials.awaitPhase;
import static dev.sibyl.trainers.local.Trials.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service runs in a separate JVM that is killed with SIGKILL while its trial runs. */
class ServerCrashTest {
    @TempDir
    Path temp;

    /** The doomed server: starts one trial, reports it running, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        Path experiment = Path.of(args[0]);
        LocalTrainingService service = new LocalTrainingService(experiment, LocalPoolSettings.defaults());
        service.submit(Trials.launch("Crash", args[1], Path.of(args[2])));
        Trials.awaitPhase(service, "Crash", TrialPhase.RUNNING);
        Files.writeString(experiment.resolve("server-ready"), "");
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void aTrialOutlivesAServerKilledWithSigkillAndIsFoundByTheNextOne() throws Exception {
        Path experiment = temp.resolve("experiment");
        Path code = Files.createDirectories(temp.resolve("code"));
        Path go = temp.resolve("go");
        String command = "echo before; while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo after; exit 0";
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServerCrashTest.class.getName(),
                        experiment.toString(),
                        command,
                        code.toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("server.log").toFile())
                .start();
        try {
            await(
                    "the server to start the trial",
                    Duration.ofSeconds(60),
                    () -> Files.exists(experiment.resolve("server-ready")) || !server.isAlive());
            assertThat(server.isAlive()).as(read(temp.resolve("server.log"))).isTrue();
        } finally {
            server.destroyForcibly(); // SIGKILL
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        LocalTrainingService next = new LocalTrainingService(experiment, LocalPoolSettings.defaults());
        try {
            assertThat(next.poll("Crash").phase()).isEqualTo(TrialPhase.RUNNING);
            Files.writeString(go, "");
            TrialState ended = awaitPhase(next, "Crash", TrialPhase.SUCCEEDED);
            assertThat(ended.exitCode()).isZero();
            assertThat(log(next, "Crash", LogName.STDOUT)).isEqualTo("before\nafter\n");
        } finally {
            next.close();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no server log)";
        }
    }
}
