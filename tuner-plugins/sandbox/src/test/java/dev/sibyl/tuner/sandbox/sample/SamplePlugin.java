package dev.sibyl.tuner.sandbox.sample;

import dev.sibyl.tuner.sandbox.verify.TestJars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The sample plugin project of docs/examples/sample-tuner, compiled and packaged by the tests themselves. */
public final class SamplePlugin {
    public static final Path PROJECT = Path.of("../../docs/examples/sample-tuner");
    private static Path jar;

    private SamplePlugin() {}

    public static synchronized Path jar() {
        if (jar != null) {
            return jar;
        }
        try {
            Map<String, String> sources = new LinkedHashMap<>();
            Path java = PROJECT.resolve("src/main/java");
            try (Stream<Path> files = Files.walk(java)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String name =
                            java.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
                    sources.put(name, Files.readString(f));
                }
            }
            Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.compile(sources));
            Path resources = PROJECT.resolve("src/main/resources");
            try (Stream<Path> files = Files.walk(resources)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    entries.put(resources.relativize(f).toString(), Files.readAllBytes(f));
                }
            }
            jar = TestJars.jar(Files.createTempDirectory("sample-plugin"), "sample-tuner", entries);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
