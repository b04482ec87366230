package dev.sibyl.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsResolverTest {

    @TempDir
    Path home;

    @Test
    void usesTheDefaultsWhenNothingIsConfigured() {
        ConnectionSettings settings = new ConnectionSettingsResolver(Map.of(), home).resolve(null, null, null);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.tenant()).isEqualTo("default");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheSettingsFile() throws IOException {
        settingsFile(home.resolve(".sibyl/cli.json"), """
                {"url": "http://file.example:1", "token": "sbl_file", "tenant": "file-tenant"}
                """);
        Map<String, String> env =
                Map.of("SIBYL_URL", "http://env.example:2", "SIBYL_TOKEN", "sbl_env", "SIBYL_TENANT", "env-tenant");
        ConnectionSettingsResolver resolver = new ConnectionSettingsResolver(env, home);

        ConnectionSettings flags = resolver.resolve("http://flag.example:3", "sbl_flag", "flag-tenant");
        ConnectionSettings fromEnv = resolver.resolve(null, null, null);
        ConnectionSettings fromFile = new ConnectionSettingsResolver(Map.of(), home).resolve(null, null, null);

        assertThat(flags)
                .isEqualTo(new ConnectionSettings(
                        URI.create("http://flag.example:3"), java.util.Optional.of("sbl_flag"), "flag-tenant"));
        assertThat(fromEnv)
                .isEqualTo(new ConnectionSettings(
                        URI.create("http://env.example:2"), java.util.Optional.of("sbl_env"), "env-tenant"));
        assertThat(fromFile)
                .isEqualTo(new ConnectionSettings(
                        URI.create("http://file.example:1"), java.util.Optional.of("sbl_file"), "file-tenant"));
    }

    @Test
    void decidesEachValueOnItsOwn() throws IOException {
        settingsFile(home.resolve(".sibyl/cli.json"), "{\"url\": \"http://file.example:1\", \"token\": \"sbl_file\"}");

        ConnectionSettings settings = new ConnectionSettingsResolver(Map.of("SIBYL_URL", "http://env.example:2"), home)
                .resolve(null, null, null);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://env.example:2"));
        assertThat(settings.token()).contains("sbl_file");
        assertThat(settings.tenant()).isEqualTo("default");
    }

    @Test
    void blankValuesCountAsUnset() throws IOException {
        settingsFile(home.resolve(".sibyl/cli.json"), "{\"token\": \"sbl_file\"}");

        ConnectionSettings settings =
                new ConnectionSettingsResolver(Map.of("SIBYL_TOKEN", "  "), home).resolve("", null, null);

        assertThat(settings.token()).contains("sbl_file");
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void readsTheSettingsFileNamedBySibylCliConfig() throws IOException {
        Path custom = settingsFile(home.resolve("elsewhere/sibyl.json"), "{\"url\": \"https://sibyl.example/\"}");
        settingsFile(home.resolve(".sibyl/cli.json"), "{\"url\": \"http://ignored.example\"}");

        ConnectionSettings settings = new ConnectionSettingsResolver(
                        Map.of("SIBYL_CLI_CONFIG", custom.toString()), home)
                .resolve(null, null, null);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://sibyl.example"));
    }

    @Test
    void doesNotReadTheSettingsFileWhenFlagsAndEnvironmentSayEverything() throws IOException {
        settingsFile(home.resolve(".sibyl/cli.json"), "not json at all");

        ConnectionSettings settings = new ConnectionSettingsResolver(Map.of("SIBYL_TENANT", "acme"), home)
                .resolve("http://127.0.0.1:9", "sbl_x", null);

        assertThat(settings.tenant()).isEqualTo("acme");
    }

    @Test
    void reportsABrokenSettingsFile() throws IOException {
        Path file = settingsFile(home.resolve(".sibyl/cli.json"), "{\"url\": ");

        assertThatThrownBy(() -> new ConnectionSettingsResolver(Map.of(), home).resolve(null, null, null))
                .isInstanceOf(InvalidConnectionSettingsException.class)
                .hasMessageStartingWith(file + " is not valid JSON");
    }

    @Test
    void reportsAMissingFileNamedExplicitly() {
        Path missing = home.resolve("missing.json");

        assertThatThrownBy(() -> new ConnectionSettingsResolver(Map.of("SIBYL_CLI_CONFIG", missing.toString()), home)
                        .resolve(null, null, null))
                .isInstanceOf(InvalidConnectionSettingsException.class)
                .hasMessage("SIBYL_CLI_CONFIG names " + missing + ", which does not exist");
    }

    @Test
    void rejectsUrlsThatAreNotHttp() {
        ConnectionSettingsResolver resolver = new ConnectionSettingsResolver(Map.of(), home);

        assertThatThrownBy(() -> resolver.resolve("localhost:8080", "t", null))
                .isInstanceOf(InvalidConnectionSettingsException.class)
                .hasMessageContaining("is not an http(s) URL");
        assertThatThrownBy(() -> resolver.resolve("ftp://host/", "t", null))
                .isInstanceOf(InvalidConnectionSettingsException.class);
        assertThatThrownBy(() -> resolver.resolve("http://a b", "t", null))
                .isInstanceOf(InvalidConnectionSettingsException.class);
    }

    private static Path settingsFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
