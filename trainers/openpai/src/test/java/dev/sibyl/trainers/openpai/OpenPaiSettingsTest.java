package dev.sibyl.trainers.openpai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenPaiSettingsTest {
    @TempDir
    Path temp;

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

    @Test
    void nniTrainingServiceFieldsBecomeSettings() throws Exception {
        Path template = Files.writeString(temp.resolve("pai.yml"), "protocolVersion: 2\ntaskRoles: {worker: {}}\n");
        Map<String, Object> fields = new HashMap<>();
        fields.put("platform", "openpai");
        fields.put("host", "https://pai.example.org");
        fields.put("username", "alice");
        fields.put("token", "s3cret");
        fields.put("trialCpuNumber", 4);
        fields.put("trialMemorySize", "8gb");
        fields.put("storageConfigName", "confignfs");
        fields.put("virtualCluster", null);
        fields.put("localStorageMountPoint", "/srv/nni");
        fields.put("containerStorageMountPoint", "/mnt/confignfs");
        fields.put("openpaiConfigFile", template.toString());

        OpenPaiSettings settings = OpenPaiSettings.fromTrainingService(fields, 8192);

        assertThat(settings.host()).isEqualTo(URI.create("https://pai.example.org"));
        assertThat(settings.trialCpuNumber()).isEqualTo(4);
        assertThat(settings.trialMemoryMB()).isEqualTo(8192);
        assertThat(settings.dockerImage()).isEqualTo(OpenPaiSettings.DEFAULT_IMAGE);
        assertThat(settings.virtualCluster()).isNull();
        assertThat(settings.protocolTemplate()).containsKey("taskRoles");
        fields.remove("storageConfigName");
        assertThatThrownBy(() -> OpenPaiSettings.fromTrainingService(fields, 8192))
                .hasMessageStartingWith("storageConfigName must be set");
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
