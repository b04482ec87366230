package dev.sibyl.cli.session;

import dev.sibyl.cli.api.SibylApi;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * Everything a command needs from one run of the command line: the server client (built from the
 * connection flags, environment and settings file on first use), the console, the sleeper used
 * between polls, the user's home directory and a random source (multipart boundaries). Implemented
 * by the root command; one instance per run, used from one thread.
 */
public interface Session {

    SibylApi api();

    Console console();

    Sleeper sleeper();

    Path home();

    RandomGenerator random();
}
