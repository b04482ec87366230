package dev.sibyl.tuner.sandbox.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Loads a plugin JAR child-first and sees nothing of the host but the JDK's {@code java.*} and the SPI
 * ({@code dev.sibyl.tuner.spi}): Jackson, the protocol host and everything else on the host's class path are not
 * there for the plugin, even by name. The verifier has already refused references outside the allow-list; this
 * is the second wall at run time.
 */
public final class PluginClassLoader extends URLClassLoader {
    static final String SPI_PACKAGE = "dev.sibyl.tuner.spi.";

    private final ClassLoader host;

    public PluginClassLoader(Path jar, ClassLoader host) throws IOException {
        super("plugin", new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (name.startsWith("java.")) {
                    c = ClassLoader.getPlatformClassLoader().loadClass(name);
                } else if (name.startsWith(SPI_PACKAGE)) {
                    c = host.loadClass(name); // one SPI, shared with the host
                } else {
                    c = findClass(name); // the plugin's own classes, or nothing
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** Resources come from the plugin JAR only (its META-INF/services among them). */
    @Override
    public URL getResource(String name) {
        return findResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> own = findResources(name);
        return own == null ? Collections.emptyEnumeration() : own;
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        URL url = getResource(name);
        try {
            return url == null ? null : url.openStream();
        } catch (IOException e) {
            return null;
        }
    }
}
