package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.protocol.TunerHost;
import dev.sibyl.tuner.sandbox.verify.JarLimits;
import dev.sibyl.tuner.sandbox.verify.JarVerifier;
import dev.sibyl.tuner.sandbox.verify.VerificationReport;
import dev.sibyl.tuner.spi.Algorithms;
import java.nio.file.Path;

/**
 * The plugin host process: verifies the JAR again (it may have changed on disk since upload), loads it in a
 * {@link PluginClassLoader} and serves its factories over the JSON-lines tuner protocol on stdin/stdout. Started
 * by {@link PluginHost} with a small heap, one processor and an empty environment. With {@code --builtin} it serves
 * the built-in algorithms instead, behind the same walls.
 */
public final class PluginHostMain {
    /** The argument that serves the built-in algorithms instead of a plugin JAR. */
    static final String BUILTIN = "--builtin";

    private PluginHostMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: PluginHostMain <plugin.jar> | " + BUILTIN);
            System.exit(2);
        }
        if (BUILTIN.equals(args[0])) {
            TunerHost.serve(Algorithms.builtin());
            return;
        }
        Path jar = Path.of(args[0]);
        VerificationReport report = new JarVerifier(JarLimits.DEFAULT).verify(jar);
        if (!report.acceptable()) {
            System.err.println("plugin refused: " + report.findings());
            System.exit(3);
        }
        try (PluginClassLoader loader = new PluginClassLoader(jar, PluginHostMain.class.getClassLoader())) {
            TunerHost.serve(Algorithms.load(loader));
        }
    }
}
