package dev.sibyl.tuner.sandbox.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One plugin host: a separate JVM ({@link PluginHostMain}) with a small heap, one processor, an empty environment
 * and a private working directory, spoken to over the JSON-lines tuner protocol. Every call has a deadline; a host
 * that overruns it, dies (out of memory, stack overflow, anything) or writes something that is not a protocol line
 * is killed and the call fails with a {@link PluginHostException} naming the plugin and the limit. Not thread-safe
 * beyond {@link #call}, which is serialised.
 */
public final class PluginHost implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object END = new Object();
    private static final Object TOO_LONG = new Object();

    private final String plugin;
    private final HostLimits limits;
    private final Process process;
    private final Writer requests;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private Duration sessionCpuStart = Duration.ZERO;

    private PluginHost(String plugin, HostLimits limits, Process process) {
        this.plugin = plugin;
        this.limits = limits;
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("plugin-host-out-" + plugin, () -> readAnswers(process.getInputStream()));
        daemon("plugin-host-err-" + plugin, () -> keepTail(process.getErrorStream()));
    }

    /**
     * Starts a host for {@code jar}.
     *
     * @param hostClasspath the class path of the host JVM: the SPI, the protocol host, this module and Jackson
     *     ({@link HostClasspath#current()})
     */
    public static PluginHost start(String plugin, Path jar, String hostClasspath, HostLimits limits) {
        return launch(plugin, jar.toAbsolutePath().toString(), hostClasspath, limits);
    }

    /**
     * Starts a host serving the built-in algorithms (the class path must hold them), for running them out of
     * process behind the same walls as a plugin.
     */
    public static PluginHost startBuiltin(String label, String hostClasspath, HostLimits limits) {
        return launch(label, PluginHostMain.BUILTIN, hostClasspath, limits);
    }

    private static PluginHost launch(String plugin, String served, String hostClasspath, HostLimits limits) {
        try {
            Path workDir = Files.createTempDirectory("sibyl-plugin-host-");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + limits.heapMegabytes() + "m",
                    "-Xss" + limits.stackKilobytes() + "k",
                    "-XX:ActiveProcessorCount=" + limits.processors(),
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + workDir,
                    "-cp",
                    absolute(hostClasspath), // the host runs in its own working directory
                    PluginHostMain.class.getName(),
                    served));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().clear(); // no secrets, no proxies, nothing of the server's environment
            return new PluginHost(plugin, limits, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("starting the plugin host of " + plugin + " failed", e);
        }
    }

    private static String absolute(String classpath) {
        StringBuilder out = new StringBuilder();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(java.io.File.pathSeparator);
            }
            out.append(
                    entry.endsWith("*")
                            ? entry
                            : Path.of(entry).toAbsolutePath().toString());
        }
        return out.toString();
    }

    /** Sends one request line and returns the {@code answerLines} lines that answer it. */
    public synchronized List<String> call(String request, int answerLines) {
        if (!process.isAlive()) {
            throw crashed();
        }
        try {
            requests.write(request);
            requests.write('\n');
            requests.flush();
        } catch (IOException e) {
            kill();
            throw crashed();
        }
        long deadline = System.nanoTime() + limits.callDeadline().toNanos();
        List<String> lines = new ArrayList<>(answerLines);
        for (int i = 0; i < answerLines; i++) {
            Object answer;
            try {
                answer = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new PluginHostException(
                        PluginHostException.Kind.CRASHED, "interrupted while waiting for " + plugin);
            }
            if (answer == null) {
                kill();
                throw new PluginHostException(
                        PluginHostException.Kind.TIMEOUT,
                        "plugin " + plugin + " did not answer within the per-call deadline of "
                                + limits.callDeadline().toMillis() + " ms; its host was stopped");
            }
            if (answer == END) {
                kill();
                throw crashed();
            }
            if (answer == TOO_LONG) {
                kill();
                throw garbage("an answer line longer than " + limits.maxLineChars() + " characters");
            }
            String line = (String) answer;
            if (!isJsonObject(line)) {
                // The JVM itself writes its last words (out of memory) to stdout: a dying host crashed.
                if (exitsSoon()) {
                    synchronized (stderrTail) {
                        stderrTail.append(line).append('\n');
                    }
                    throw crashed();
                }
                kill();
                throw garbage("a line that is not a JSON object");
            }
            lines.add(line);
        }
        Duration spent = cpuUsed().minus(sessionCpuStart);
        if (spent.compareTo(limits.cpuBudget()) > 0) {
            kill();
            throw new PluginHostException(
                    PluginHostException.Kind.CPU_BUDGET,
                    "plugin " + plugin + " used " + spent.toSeconds() + " s of CPU time, more than its budget of "
                            + limits.cpuBudget().toSeconds() + " s per session; its host was stopped");
        }
        return lines;
    }

    /** Starts counting CPU time against the budget from now: a new tuner session (init) begins. */
    public synchronized void startSession() {
        sessionCpuStart = cpuUsed();
    }

    private Duration cpuUsed() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The plugin's label, as errors name it. */
    public String plugin() {
        return plugin;
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                call("{\"cmd\":\"quit\"}", 1);
            } catch (PluginHostException e) {
                // already killed
            }
        }
        kill();
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PluginHostException crashed() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail;
        synchronized (stderrTail) {
            tail = stderrTail.toString();
        }
        String cause = tail.contains("OutOfMemoryError")
                ? "it exceeded its memory ceiling of " + limits.heapMegabytes() + " MB"
                : tail.contains("StackOverflowError")
                        ? "it exceeded its stack of " + limits.stackKilobytes() + " KB"
                        : "its host exited"
                                + exitCode().map(c -> " with status " + c).orElse("");
        return new PluginHostException(PluginHostException.Kind.CRASHED, "plugin " + plugin + " stopped: " + cause);
    }

    private boolean exitsSoon() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    private PluginHostException garbage(String what) {
        return new PluginHostException(
                PluginHostException.Kind.GARBAGE,
                "plugin " + plugin + " wrote " + what + " instead of a protocol answer; its host was stopped");
    }

    private static boolean isJsonObject(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private void readAnswers(InputStream out) {
        try (Reader reader = new InputStreamReader(out, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) >= 0) {
                if (c == '\n') {
                    answers.add(line.toString());
                    line.setLength(0);
                } else if (line.length() >= limits.maxLineChars()) {
                    answers.add(TOO_LONG);
                    return;
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        answers.add(END);
    }

    private void keepTail(InputStream err) {
        try (Reader reader = new InputStreamReader(err, StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                synchronized (stderrTail) {
                    stderrTail.append(buffer, 0, n);
                    if (stderrTail.length() > 16_384) {
                        stderrTail.delete(0, stderrTail.length() - 8_192);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    /** How long a call may take, for callers that report it. */
    public Duration deadline() {
        return limits.callDeadline();
    }
}
