package dev.sibyl.cli.session;

import dev.sibyl.cli.api.SibylApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: reaches the run's {@link Session} through the root command and returns
 * the exit code. Failures are thrown ({@link CommandFailure}, API exceptions) and reported once by
 * the entry point.
 */
public abstract class ApiCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        return execute();
    }

    /** Runs the command; returns the process exit code. */
    protected abstract int execute() throws Exception;

    protected Session session() {
        return (Session) spec.root().userObject();
    }

    protected SibylApi api() {
        return session().api();
    }

    protected Console console() {
        return session().console();
    }
}
