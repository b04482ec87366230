package dev.sibyl.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSecretsTest {
    @TempDir
    Path home;

    private SecretBox box(Optional<String> key) {
        SecretBox box = new SecretBox();
        box.home = home;
        box.configuredKey = key;
        return box;
    }

    private static Map<String, Object> remoteConfig() {
        return Map.of(
                "trialConcurrency",
                2,
                "trainingService",
                Map.of(
                        "platform",
                        "remote",
                        "machineList",
                        List.of(
                                Map.of("host", "10.0.0.1", "user", "me", "password", "hunter2"),
                                Map.of(
                                        "host",
                                        "10.0.0.2",
                                        "user",
                                        "me",
                                        "sshKey",
                                        "-----BEGIN KEY-----",
                                        "sshPassphrase",
                                        "pass-phrase"))));
    }

    @Test
    void sealedConfigsHoldNoPlainSecretAndOpenBackToTheOriginal() {
        SecretBox box = box(Optional.empty());

        Map<String, Object> sealed = ConfigSecrets.seal(remoteConfig(), box);

        assertThat(sealed.toString())
                .doesNotContain("hunter2", "BEGIN KEY", "pass-phrase")
                .contains(SecretBox.PREFIX);
        assertThat(ConfigSecrets.open(sealed, box)).isEqualTo(remoteConfig());
        assertThat(ConfigSecrets.seal(sealed, box))
                .as("sealing twice changes nothing")
                .isEqualTo(sealed);
        assertThat(home.resolve("secrets.key")).exists();
    }

    @Test
    void redactedConfigsShowNeitherTheSecretNorItsSealedForm() {
        Map<String, Object> shown = ConfigSecrets.redact(ConfigSecrets.seal(remoteConfig(), box(Optional.empty())));

        assertThat(shown.toString())
                .doesNotContain("hunter2", "pass-phrase", SecretBox.PREFIX)
                .contains(ConfigSecrets.REDACTED, "10.0.0.1");
    }

    @Test
    void hybridListsAndPlatformTokensAreCoveredToo() {
        SecretBox box = box(Optional.empty());
        Map<String, Object> hybrid = Map.of(
                "trainingService",
                List.of(Map.of("platform", "local"), Map.of("platform", "openpai", "token", "pai-token-123")));

        assertThat(ConfigSecrets.seal(hybrid, box).toString()).doesNotContain("pai-token-123");
    }

    @Test
    void aSecretSealedUnderAnotherKeyCannotBeOpened() {
        byte[] other = new byte[32];
        other[0] = 1;
        String sealed = box(Optional.empty()).seal("hunter2");
        SecretBox stranger = box(Optional.of(Base64.getEncoder().encodeToString(other)));

        assertThatThrownBy(() -> stranger.open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aConfiguredKeyOfTheWrongLengthIsRefused() {
        SecretBox box = box(Optional.of(Base64.getEncoder().encodeToString(new byte[7])));

        assertThatThrownBy(() -> box.seal("x")).hasMessageContaining("32 bytes");
    }
}
