package dev.sibyl.cli;

import dev.sibyl.cli.api.ApiProblemException;
import dev.sibyl.cli.api.FieldError;
import dev.sibyl.cli.api.ServerUnreachableException;
import dev.sibyl.cli.connection.InvalidConnectionSettingsException;
import dev.sibyl.cli.create.InvalidConfigFileException;
import dev.sibyl.cli.session.CommandFailure;
import dev.sibyl.cli.session.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports what a command threw, once, as {@code ERROR: ...} lines on standard error, and picks the
 * exit code (1; a {@link CommandFailure} may choose another). A problem from the server is shown
 * as its {@code detail} followed by one {@code field: message} line per field error. Stack traces
 * only with {@code --debug}; class names never.
 */
final class FailureReporter implements IExecutionExceptionHandler {

    private final SibylCommand root;

    FailureReporter(SibylCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        Console console = root.console();
        int exitCode = 1;
        if (failure instanceof ApiProblemException problem) {
            console.error(problem.detail());
            for (FieldError error : problem.errors()) {
                console.errorLine("  " + error.field() + ": " + error.message());
            }
            if (problem.status() == 401) {
                console.errorLine("  (set the API token with --token, SIBYL_TOKEN or ~/.sibyl/cli.json)");
            }
        } else if (failure instanceof CommandFailure commandFailure) {
            console.error(commandFailure.getMessage());
            exitCode = commandFailure.exitCode();
        } else if (failure instanceof ServerUnreachableException
                || failure instanceof InvalidConnectionSettingsException
                || failure instanceof InvalidConfigFileException) {
            console.error(failure.getMessage());
        } else if (failure instanceof UncheckedIOException unchecked) {
            console.error(describe(unchecked.getCause()));
        } else if (failure instanceof IOException io) {
            console.error(describe(io));
        } else {
            String message = failure.getMessage();
            console.error("Unexpected error" + (message == null ? "" : ": " + message)
                    + (root.debug() ? "" : " (run with --debug for details)"));
        }
        if (root.debug()) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            console.errorLine(trace.toString().stripTrailing());
        }
        return exitCode;
    }

    private static String describe(IOException failure) {
        if (failure instanceof NoSuchFileException missing) {
            return "No such file or directory: " + missing.getFile();
        }
        if (failure instanceof AccessDeniedException denied) {
            return "Permission denied: " + denied.getFile();
        }
        if (failure instanceof NotDirectoryException notDirectory) {
            return "Not a directory: " + notDirectory.getFile();
        }
        if (failure instanceof FileAlreadyExistsException exists) {
            return "File already exists: " + exists.getFile();
        }
        return failure.getMessage() == null ? "Input/output error" : failure.getMessage();
    }
}
