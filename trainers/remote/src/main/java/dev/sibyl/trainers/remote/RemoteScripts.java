package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.local.LocalTrainingService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The bash scripts the pool runs on machines (bundled resources) and the quoting that passes them and their
 * arguments through the login shell unchanged.
 */
final class RemoteScripts {
    static final String RUN_TRIAL = load("run-trial.sh");
    /** The local trainer's wrapper: the same pid / state / cancel protocol on every machine. */
    static final String LOCAL_WRAPPER = load(LocalTrainingService.class, "run-trial.sh");

    static final String TRIAL_STATUS = load("trial-status.sh");
    static final String CANCEL_TRIAL = load("cancel-trial.sh");
    static final String GPU_QUERY = load("gpu-query.sh");

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RemoteScripts() {}

    /**
     * A command line that runs {@code script} with bash and the given positional arguments; the login shell is
     * replaced by bash rather than forking it.
     */
    static String bash(String script, String... arguments) {
        StringBuilder line =
                new StringBuilder("exec bash -c ").append(quote(script)).append(" sibyl");
        for (String argument : arguments) {
            line.append(' ').append(quote(argument));
        }
        return line.toString();
    }

    /** {@code text} as one single-quoted shell word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }

    /** An {@code export NAME='value'} line; names that are not shell variable names are rejected. */
    static String export(String name, String value) {
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("environment: '" + name + "' is not a valid variable name");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment: the value of " + name + " contains a NUL byte");
        }
        return "export " + name + "=" + quote(value) + "\n";
    }

    private static String load(String name) {
        return load(RemoteScripts.class, name);
    }

    private static String load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
