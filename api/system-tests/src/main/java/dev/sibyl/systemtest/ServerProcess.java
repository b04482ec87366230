package dev.sibyl.systemtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged Sibyl server running as a separate operating-system process, as users run it. It can be
 * killed hard ({@code SIGKILL}) and started again over the same database and home directory.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String ADMIN_TOKEN = "sbl_system_test_admin_00000000000000000000";

    private final TestDatabase database;
    private final Path home;
    private final int port;
    private final Path log;
    private Process process;
    private Duration lastStartTime;
    private final Map<String, String> extraEnvironment = new java.util.LinkedHashMap<>();

    public ServerProcess(TestDatabase database, Path home) {
        this.database = database;
        this.home = home;
        this.port = freePort();
        this.log = home.resolve("server.log");
    }

    /** Adds environment variables (settings) for the next start. */
    public ServerProcess withEnvironment(Map<String, String> variables) {
        extraEnvironment.putAll(variables);
        return this;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    /** Starts the server and waits until it answers its readiness probe. */
    public ServerProcess start() throws IOException, InterruptedException {
        Files.createDirectories(home);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(Repository.serverJar().toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("SIBYL_DB_URL", database.jdbcUrl());
        env.put("SIBYL_DB_USER", "postgres");
        env.put("SIBYL_DB_PASSWORD", "");
        env.put("SIBYL_HOME", home.toString());
        env.put("SIBYL_PORT", Integer.toString(port));
        env.put("SIBYL_HOST", "127.0.0.1");
        env.put("SIBYL_BOOTSTRAP_TOKEN", ADMIN_TOKEN);
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        env.putAll(extraEnvironment);
        long started = System.nanoTime();
        process = pb.start();
        awaitReady(Duration.ofSeconds(120));
        lastStartTime = Duration.ofNanos(System.nanoTime() - started);
        return this;
    }

    public Duration lastStartTime() {
        return lastStartTime;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size of the server process in kilobytes, from /proc. */
    public long rssKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; log: " + tail());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready after " + timeout + "; log: " + tail());
    }

    public String tail() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
