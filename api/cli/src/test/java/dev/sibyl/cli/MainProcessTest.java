package dev.sibyl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main} as a real process: exit codes reach the shell and errors stay one line. */
class MainProcessTest {

    @TempDir
    Path home;

    @Test
    void exitsWithZeroOneAndTwoAsAShellSeesThem() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Run version = java("--version");
        Run usage = java("stop", "--bogus");
        Run refused = java("--url", "http://127.0.0.1:" + port, "experiment", "list");

        assertThat(version.exitCode).isZero();
        assertThat(version.out).startsWith("sibyl ");
        assertThat(usage.exitCode).isEqualTo(2);
        assertThat(usage.err).contains("Unknown option: '--bogus'");
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err.lines()).hasSize(1);
        assertThat(refused.err).startsWith("ERROR: Cannot reach the Sibyl server at http://127.0.0.1:" + port);
    }

    private record Run(int exitCode, String out, String err) {}

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.home=" + home);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SIBYL_"));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sibyl did not exit");
        }
        return new Run(process.exitValue(), out, err);
    }
}
