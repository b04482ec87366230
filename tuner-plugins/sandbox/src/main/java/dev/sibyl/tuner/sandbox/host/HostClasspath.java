package dev.sibyl.tuner.sandbox.host;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.tuner.protocol.TunerHost;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Tuner;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;

/**
 * The class path of a plugin host JVM, found from where this process loaded the classes the host needs (the SPI,
 * the protocol host, this module, the built-in algorithms, Jackson and ASM): it works alike from Maven's test
 * class path, a Quarkus application's {@code lib/} and an IDE, without a hand-kept list of JAR names.
 */
public final class HostClasspath {
    private HostClasspath() {}

    /** The class path for {@link PluginHost#start} and {@link PluginHost#startBuiltin} in this process. */
    public static String current() {
        Class<?> builtin = Algorithms.builtin()
                .tuner("Random")
                .map(Object::getClass)
                .orElseThrow(() -> new IllegalStateException("the built-in algorithms are not on the class path"));
        return of(
                Tuner.class,
                TunerHost.class,
                PluginHostMain.class,
                builtin,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class,
                ClassReader.class);
    }

    /** The class path entries (JARs or class directories) that hold {@code anchors}. */
    static String of(Class<?>... anchors) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : anchors) {
            entries.add(location(anchor).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path location(Class<?> anchor) {
        try {
            CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI()).toAbsolutePath();
            }
            // Some class loaders give no code source: derive the entry from the class file's own URL.
            String file = anchor.getName().replace('.', '/') + ".class";
            URL url = anchor.getClassLoader().getResource(file);
            if (url == null) {
                throw new IllegalStateException("cannot find where " + anchor.getName() + " was loaded from");
            }
            String text = url.toString();
            if (text.startsWith("jar:")) {
                return Path.of(new URL(text.substring(4, text.indexOf("!/"))).toURI());
            }
            String path = Path.of(url.toURI()).toString();
            return Path.of(path.substring(0, path.length() - file.length()));
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot find where " + anchor.getName() + " was loaded from", e);
        }
    }
}
