package dev.sibyl.cli;

import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Entry point of the {@code sibyl} command line. {@link #run(String...)} returns the exit code (0
 * success, 1 failure reported by the server or the command, 2 usage error) and never exits the
 * JVM, so tests run it in-process; only {@link #main(String[])} calls {@code System.exit}.
 */
public final class Main {

    private final CliEnvironment environment;

    public Main(CliEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public static void main(String[] args) {
        System.exit(new Main(CliEnvironment.system()).run(args));
    }

    /** Runs one command line; returns its exit code. */
    public int run(String... args) {
        SibylCommand root = new SibylCommand(environment);
        CommandLine commandLine = new CommandLine(root);
        PrintWriter out = new PrintWriter(environment.out(), true);
        PrintWriter err = new PrintWriter(environment.err(), true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureReporter(root));
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
            root.console().flush();
        }
    }
}
