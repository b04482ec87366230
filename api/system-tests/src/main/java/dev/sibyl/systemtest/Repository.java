package dev.sibyl.systemtest;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the Sibyl repository checkout (for the packaged server, the CLI and the examples). */
public final class Repository {
    private Repository() {}

    public static Path root() {
        String configured = System.getProperty("sibyl.repo", System.getenv("SIBYL_REPO"));
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples")) && Files.isRegularFile(p.resolve("bin/sibyl-server"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the Sibyl repository above " + start);
    }

    public static Path serverJar() {
        Path jar = root().resolve("api/server/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with mvn package first");
        }
        return jar;
    }
}
