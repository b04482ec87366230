package dev.sibyl.trainers.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sibyl.trainers.core.TrialLaunch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in for the server's side of {@link CodeArchiveUrls}: a real HTTP server on loopback that hands out
 * unguessable, expiring URLs and answers them with a gzip tar of the launch's code directory (made by {@code tar}).
 * Unknown, expired or revoked URLs get 403, as a signature check would.
 */
final class CodeArchiveServer implements CodeArchiveUrls, AutoCloseable {
    private record Grant(Path directory, Instant expires) {}

    private final HttpServer server;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger downloads = new AtomicInteger();

    CodeArchiveServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/code/", this::serve);
        server.start();
    }

    @Override
    public URI signedUrl(TrialLaunch launch, Duration validFor) {
        byte[] token = new byte[16];
        random.nextBytes(token);
        String signature = HexFormat.of().formatHex(token);
        grants.put(signature, new Grant(launch.codeDirectory(), Instant.now().plus(validFor)));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/code/" + launch.experimentId()
                + "?signature=" + signature);
    }

    /** Every URL handed out so far stops working. */
    void revokeAll() {
        grants.clear();
    }

    int downloads() {
        return downloads.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String signature = query != null && query.startsWith("signature=") ? query.substring(10) : "";
            Grant grant = grants.get(signature);
            if (grant == null || grant.expires().isBefore(Instant.now())) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            Process tar = new ProcessBuilder(
                            "tar", "-czf", "-", "-C", grant.directory().toString(), ".")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] archive = tar.getInputStream().readAllBytes();
            if (tar.waitFor() != 0) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(archive);
            }
            downloads.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
