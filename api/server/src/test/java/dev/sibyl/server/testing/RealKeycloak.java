package dev.sibyl.server.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak (the distribution from Maven Central, unpacked into target/ by the build) in development mode
 * on free loopback ports, with the realm of {@code infra/keycloak/realm-sibyl.json} imported into a fresh
 * database. Points the server's OIDC at it. Never skipped: when Keycloak cannot start, the test fails with its log.
 */
public class RealKeycloak implements QuarkusTestResourceLifecycleManager {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static String issuer;
    private Process process;

    /** The realm's issuer URL, e.g. {@code http://127.0.0.1:41234/realms/sibyl}. */
    public static String issuer() {
        return issuer;
    }

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("sibyl.keycloak.home", "target/keycloak/keycloak-26.5.6"));
        Path realm = Path.of(System.getProperty("sibyl.keycloak.realm", "../../infra/keycloak/realm-sibyl.json"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home.toAbsolutePath()
                    + " (the build unpacks org.keycloak:keycloak-quarkus-dist there)");
        }
        try {
            deleteTree(home.resolve("data"));
            Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, home.resolve("data/import/realm-sibyl.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = freePort();
            int management = freePort();
            Path log = home.resolve("../keycloak-test.log").normalize();
            ProcessBuilder builder = new ProcessBuilder(
                            home.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port,
                            "--http-management-port=" + management,
                            "--import-realm",
                            "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            process = builder.start();
            issuer = "http://127.0.0.1:" + port + "/realms/sibyl";
            awaitRealm(log);
            return Map.of("quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.auth-server-url", issuer);
        } catch (IOException e) {
            throw new IllegalStateException("starting Keycloak failed", e);
        }
    }

    private void awaitRealm(Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        stop();
        throw new IllegalStateException(
                "Keycloak did not serve the realm within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    @Override
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
