package dev.sibyl.cli.plugin;

import dev.sibyl.tuner.sandbox.verify.Finding;
import dev.sibyl.tuner.sandbox.verify.JarLimits;
import dev.sibyl.tuner.sandbox.verify.JarVerifier;
import dev.sibyl.tuner.sandbox.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sibyl plugin verify <jar>}: the server's upload check, run locally with no server: exit status 0 only
 * for an acceptable JAR; otherwise every finding (class, method, referenced member) and exit status 1.
 */
@Command(name = "verify", description = "Check a plugin JAR the way the server will, without a server.")
public final class VerifyCommand implements Callable<Integer> {
    static final int REFUSED = 1;
    static final int UNREADABLE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JAR", description = "The plugin JAR.")
    Path jar;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(jar)) {
            err.println("Error: " + jar + " is not a file");
            return UNREADABLE;
        }
        VerificationReport report;
        try {
            report = new JarVerifier(JarLimits.DEFAULT).verify(jar);
        } catch (IOException e) {
            err.println("Error: cannot read " + jar + ": " + e.getMessage());
            return UNREADABLE;
        }
        if (report.acceptable()) {
            out.println("OK: " + jar + " (" + report.classCount() + " classes, sha256 " + report.sha256() + ")");
            return 0;
        }
        err.println("REFUSED: " + jar + " (" + report.findings().size() + " findings)");
        for (Finding f : report.findings()) {
            err.println("  " + f);
        }
        return REFUSED;
    }
}
