package dev.sibyl.trainers.openpai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OpenPaiSettingsTest {
    @Test
    void theTokenIsNeverShown() {
        assertThat(settings(URI.create("https://pai.example.org"), "alice", 1, "/mnt/nni")
                        .toString())
                .doesNotContain("s3cret")
                .contains("token=***");
    }

    @Test
    void badValuesAreRejectedNamingTheNniField() {
        assertThatThrownBy(() -> settings(URI.create("pai.example.org"), "alice", 1, "/mnt/nni"))
                .hasMessageStartingWith("host must be an http:// or https:// address");
        assertThatThrownBy(() -> settings(URI.create("https://pai"), "al ice", 1, "/mnt/nni"))
                .hasMessageStartingWith("username must be");
        assertThatThrownBy(() -> settings(URI.create("https://pai"), "alice", 0, "/mnt/nni"))
                .hasMessageStartingWith("trialCpuNumber must be at least 1");
        assertThatThrownBy(() -> settings(URI.create("https://pai"), "alice", 1, "mnt/nni"))
                .hasMessageStartingWith("containerStorageMountPoint must be an absolute path");
    }

    @Test
    void aTrailingSlashOfTheContainerMountPointIsDropped() {
        assertThat(settings(URI.create("https://pai"), "alice", 1, "/mnt/nni/").containerStorageMountPoint())
                .isEqualTo("/mnt/nni");
    }

    private static OpenPaiSettings settings(URI host, String user, int cpus, String containerMount) {
        return new OpenPaiSettings(
                host,
                user,
                "s3cret",
                cpus,
                1024,
                "img",
                null,
                "share",
                Path.of("/srv/nni"),
                containerMount,
                null,
                OpenPaiSettings.DEFAULT_REQUEST_TIMEOUT,
                OpenPaiSettings.DEFAULT_STATUS_INTERVAL);
    }
}
