package dev.sibyl.server.bootstrap;

import dev.sibyl.tenant.IssuedToken;
import dev.sibyl.tenant.TenantBootstrap;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * First start: creates the {@code default} tenant and, while it has no token, its admin token ({@code
 * sibyl.bootstrap-token} or a random one). The new token is printed once to stdout as {@code Admin API token:
 * sbl_...} and written to {@code ${sibyl.home}/admin-token} (mode 0600) for scripts; it is never logged.
 */
@ApplicationScoped
public class AdminTokenBootstrap {
    static final String TOKEN_FILE = "admin-token";
    private static final Logger LOG = Logger.getLogger(AdminTokenBootstrap.class);

    @Inject
    TenantBootstrap tenants;

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @ConfigProperty(name = "sibyl.bootstrap-token")
    Optional<String> bootstrapToken;

    void onStart(@Observes StartupEvent event) {
        Optional<IssuedToken> issued;
        try {
            issued = tenants.ensureAdminToken(bootstrapToken);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "sibyl.bootstrap-token (SIBYL_BOOTSTRAP_TOKEN) is not usable: " + e.getMessage());
        }
        if (issued.isEmpty()) {
            return;
        }
        String token = issued.get().token();
        Path file = home.resolve(TOKEN_FILE);
        writeTokenFile(file, token);
        PrintStream out = System.out;
        out.println();
        out.println("================================================================================");
        out.println("Admin API token: " + token);
        out.println("(shown once; also in " + file + ")");
        out.println("================================================================================");
        out.println();
        out.flush();
        LOG.infof(
                "created the admin token %s... of tenant 'default'",
                issued.get().prefix());
    }

    private static void writeTokenFile(Path file, String token) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }
}
