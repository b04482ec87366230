package dev.sibyl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.cli.testing.CliRunner;
import dev.sibyl.cli.testing.FakeSibylServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection settings as the server sees them: URL reached, bearer token, tenant in the path. */
class ConnectionSettingsEndToEndTest {

    @TempDir
    Path home;

    private FakeSibylServer server;

    @BeforeEach
    void startServer() {
        server = FakeSibylServer.start();
        server.json("GET", "/api/v1/tenants/default/experiments", 200, "[]");
        server.json("GET", "/api/v1/tenants/acme/experiments", 200, "[]");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void flagsOverrideTheEnvironment() {
        CliRunner cli = new CliRunner(home)
                .env("SIBYL_URL", "http://127.0.0.1:9")
                .env("SIBYL_TOKEN", "sbl_env")
                .env("SIBYL_TENANT", "other");

        CliRunner.Result result =
                cli.run("experiment", "list", "--url", server.url(), "--token", "sbl_flag", "--tenant", "acme");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        FakeSibylServer.Recorded request = server.only("GET", "/api/v1/tenants/acme/experiments");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sbl_flag");
    }

    @Test
    void theEnvironmentOverridesTheSettingsFile() throws IOException {
        writeSettings(home.resolve(".sibyl/cli.json"), "http://127.0.0.1:9", "sbl_file");
        CliRunner cli = new CliRunner(home).env("SIBYL_URL", server.url()).env("SIBYL_TOKEN", "sbl_env");

        CliRunner.Result result = cli.run("experiment", "list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(server.only("GET", "/api/v1/tenants/default/experiments").header("Authorization"))
                .isEqualTo("Bearer sbl_env");
    }

    @Test
    void theSettingsFileInTheHomeDirectoryIsUsedWhenNothingElseIsSet() throws IOException {
        writeSettings(home.resolve(".sibyl/cli.json"), server.url(), "sbl_file");

        CliRunner.Result result = new CliRunner(home).run("experiment", "list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(server.only("GET", "/api/v1/tenants/default/experiments").header("Authorization"))
                .isEqualTo("Bearer sbl_file");
    }

    @Test
    void sibylCliConfigNamesAnotherSettingsFile() throws IOException {
        Path custom = writeSettings(home.resolve("ci/sibyl.json"), server.url(), "sbl_ci");
        CliRunner cli =
                new CliRunner(home).env("SIBYL_CLI_CONFIG", custom.toString()).env("SIBYL_TENANT", "acme");

        CliRunner.Result result = cli.run("experiment", "list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(server.only("GET", "/api/v1/tenants/acme/experiments").header("Authorization"))
                .isEqualTo("Bearer sbl_ci");
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAToken() {
        CliRunner.Result result =
                new CliRunner(home).env("SIBYL_URL", server.url()).run("experiment", "list");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(server.only("GET", "/api/v1/tenants/default/experiments").header("Authorization"))
                .isNull();
    }

    @Test
    void aServerUrlWithATrailingSlashOrAPathPrefixIsJoinedCleanly() {
        server.json("GET", "/sibyl/api/v1/tenants/default/experiments", 200, "[]");

        CliRunner.Result slash =
                new CliRunner(home).env("SIBYL_URL", server.url() + "/").run("experiment", "list");
        CliRunner.Result prefix =
                new CliRunner(home).env("SIBYL_URL", server.url() + "/sibyl/").run("experiment", "list");

        assertThat(slash.exitCode()).as(slash.toString()).isZero();
        assertThat(prefix.exitCode()).as(prefix.toString()).isZero();
        assertThat(server.requests())
                .extracting(FakeSibylServer.Recorded::path)
                .containsExactly("/api/v1/tenants/default/experiments", "/sibyl/api/v1/tenants/default/experiments");
    }

    private static Path writeSettings(Path file, String url, String token) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "{\"url\": \"" + url + "\", \"token\": \"" + token + "\"}");
    }
}
