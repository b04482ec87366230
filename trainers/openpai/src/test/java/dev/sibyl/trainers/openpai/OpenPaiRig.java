package dev.sibyl.trainers.openpai;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link FakeOpenPaiServer} with one user, the virtual clusters {@code default} and {@code gpu-vc}, and one
 * storage: its data in {@code <temp>/nfs} (which this server also sees there, as {@code localStorageMountPoint})
 * and mounted into containers at {@code <temp>/container/mnt/nni-share}.
 */
public final class OpenPaiRig implements AutoCloseable {
    public static final String USER = "alice";
    public static final String TOKEN = "alice-secret-token";
    public static final String STORAGE = "nni-share";

    final FakeOpenPaiServer server;
    public final Path storage;
    public final Path containerMount;

    public OpenPaiRig(Path temp) throws IOException {
        storage = Files.createDirectories(temp.resolve("nfs"));
        containerMount = temp.resolve("container").resolve("mnt").resolve(STORAGE);
        server = new FakeOpenPaiServer(Files.createDirectories(temp.resolve("containers")))
                .user(USER, TOKEN)
                .user("bob", "bob-token")
                .virtualCluster("gpu-vc")
                .storage(STORAGE, storage, containerMount);
    }

    /** Where the stand-in listens. */
    public URI address() {
        return server.address();
    }

    OpenPaiSettings settings() {
        return settings(server.address(), "gpu-vc");
    }

    /** Settings for this rig's user and storage, with another cluster address or virtual cluster. */
    OpenPaiSettings settings(URI host, String virtualCluster) {
        return new OpenPaiSettings(
                host,
                USER,
                TOKEN,
                2,
                4096,
                OpenPaiSettings.DEFAULT_IMAGE,
                virtualCluster,
                STORAGE,
                storage,
                containerMount.toString(),
                null,
                Duration.ofSeconds(5),
                Duration.ofMillis(100));
    }

    @Override
    public void close() {
        server.close();
    }
}
