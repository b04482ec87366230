package dev.sibyl.cli;

import dev.sibyl.cli.session.Sleeper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the command line takes from the process it runs in, injected so that tests can run it
 * in-process with their own streams, environment variables, home directory, clock and sleeper.
 *
 * @param out standard output
 * @param err standard error
 * @param variables environment variables ({@code SIBYL_URL}, {@code SIBYL_TOKEN}, ...)
 * @param home the user's home directory
 * @param clock time source of the timestamped lines
 * @param zone time zone times are shown in
 * @param sleeper waits between polls
 * @param random source of multipart boundaries
 */
public record CliEnvironment(
        PrintStream out,
        PrintStream err,
        Map<String, String> variables,
        Path home,
        InstantSource clock,
        ZoneId zone,
        Sleeper sleeper,
        RandomGenerator random) {

    public CliEnvironment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    /** The real process: {@code System.out/err}, {@code System.getenv()}, {@code user.home}, ... */
    public static CliEnvironment system() {
        return new CliEnvironment(
                System.out,
                System.err,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                InstantSource.system(),
                ZoneId.systemDefault(),
                Sleeper.system(),
                new SecureRandom());
    }
}
