package dev.sibyl.cli.testing;

import dev.sibyl.cli.CliEnvironment;
import dev.sibyl.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs the command line in-process the way a shell would run it, with captured standard output and
 * error, its own environment variables and home directory, a fixed clock (2026-11-28T10:00:00Z,
 * shown in UTC) and a sleeper that records the waits instead of waiting.
 */
public final class CliRunner {

    public static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final Map<String, String> variables = new HashMap<>();
    private final Path home;
    private final List<Duration> sleeps = new ArrayList<>();
    private Consumer<Integer> onSleep = count -> {};

    public CliRunner(Path home) {
        this.home = home;
    }

    /** A runner whose {@code SIBYL_URL} and {@code SIBYL_TOKEN} point at the fake server. */
    public static CliRunner against(FakeSibylServer server, Path home) {
        return new CliRunner(home).env("SIBYL_URL", server.url()).env("SIBYL_TOKEN", "sbl_test_token");
    }

    public CliRunner env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /**
     * Called with the number of waits so far each time the command sleeps; throw an unchecked
     * {@link Interrupt} from it to simulate Ctrl-C.
     */
    public CliRunner onSleep(Consumer<Integer> onSleep) {
        this.onSleep = onSleep;
        return this;
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment environment = new CliEnvironment(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                variables,
                home,
                InstantSource.fixed(NOW),
                ZoneOffset.UTC,
                duration -> {
                    sleeps.add(duration);
                    try {
                        onSleep.accept(sleeps.size());
                    } catch (Interrupt interrupt) {
                        throw new InterruptedException("simulated Ctrl-C");
                    }
                },
                new SplittableRandom(7));
        int code = new Main(environment).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Thrown from an {@link #onSleep} hook to interrupt the sleeping command. */
    public static final class Interrupt extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** What the run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }
}
