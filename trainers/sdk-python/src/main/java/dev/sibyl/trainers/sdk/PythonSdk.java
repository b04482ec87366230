package dev.sibyl.trainers.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bundled trial SDK: an {@code nni}-compatible Python package (standard library only) shipped inside this
 * jar under {@code sibyl-sdk-python/}. Training services extract it next to the trials and put the directory on
 * {@code PYTHONPATH}, so trial code doing {@code import nni} works without installing NNI.
 *
 * <p>Thread-safe: concurrent extractions into the same directory replace each file atomically.
 */
public final class PythonSdk {
    private static final String ROOT = "sibyl-sdk-python/";
    private static final String INDEX = ROOT + "index.txt";

    private PythonSdk() {}

    /**
     * Writes the package ({@code nni/...}) into {@code directory}, creating it when needed. Idempotent: files
     * already present with the same content are left untouched.
     *
     * @return {@code directory}, the entry to put on {@code PYTHONPATH}
     * @throws UncheckedIOException when the directory cannot be written
     */
    public static Path extractTo(Path directory) {
        try {
            for (String file : files()) {
                byte[] content = read(ROOT + file);
                Path target = directory.resolve(file);
                if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path temporary = Files.createTempFile(target.getParent(), ".extract-", ".tmp");
                try {
                    Files.write(temporary, content);
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the Python SDK to " + directory, e);
        }
    }

    /** The package's files, as paths relative to the extraction directory ({@code nni/__init__.py}, ...). */
    public static List<String> files() {
        String index = new String(read(INDEX), StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        for (String line : index.split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            if (file.startsWith("/") || file.contains("..") || file.contains("\\")) {
                throw new IllegalStateException("bad entry in " + INDEX + ": " + file);
            }
            files.add(file);
        }
        return List.copyOf(files);
    }

    private static byte[] read(String resource) {
        try (InputStream in = PythonSdk.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the SDK jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
