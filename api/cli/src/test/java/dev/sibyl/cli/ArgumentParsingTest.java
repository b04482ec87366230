package dev.sibyl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.cli.testing.ApiFixtures;
import dev.sibyl.cli.testing.CliRunner;
import dev.sibyl.cli.testing.FakeSibylServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgumentParsingTest {

    @TempDir
    Path temp;

    private FakeSibylServer server;
    private CliRunner cli;

    @BeforeEach
    void startServer() {
        server = FakeSibylServer.start();
        cli = CliRunner.against(server, temp);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void withoutACommandPrintsUsageAndExitsWithTwo() {
        CliRunner.Result result = cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Missing required subcommand").contains("Usage: sibyl");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void helpListsTheNnictlVerbsAndExitsWithZero() {
        CliRunner.Result result = cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("create", "resume", "stop", "update", "trial", "experiment", "log", "top")
                .contains("--url=URL", "--token=TOKEN", "--tenant=TENANT");
    }

    @Test
    void subcommandHelpShowsNnictlsFlags() {
        CliRunner.Result result = cli.run("experiment", "export", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("-t, --type=<type>", "-f, --filename=<filename>", "-i, --intermediate");
    }

    @Test
    void versionPrintsTheVersion() {
        CliRunner.Result result = cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("sibyl ");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CliRunner.Result result = cli.run("frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument at index 0: 'frobnicate'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createNeedsAConfigFile() {
        CliRunner.Result result = cli.run("create");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void updateNeedsAValue() {
        CliRunner.Result result = cli.run("update", "concurrency", "k3j9x0ab");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--value=<value>'");
    }

    @Test
    void exportNeedsTypeAndFilename() {
        CliRunner.Result result = cli.run("experiment", "export", "k3j9x0ab");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--type=<type>", "--filename=<filename>");
    }

    @Test
    void acceptsOnlyOneExperimentId() {
        CliRunner.Result result = cli.run("experiment", "show", "a", "b");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument");
    }

    @Test
    void connectionOptionsWorkBeforeAndAfterTheCommand() {
        CliRunner unconfigured = new CliRunner(temp).env("SIBYL_URL", "http://127.0.0.1:9");
        server.json(
                "GET", ApiFixtures.experimentPath("k3j9x0ab"), 200, ApiFixtures.experiment("k3j9x0ab", "m", "RUNNING"));

        CliRunner.Result before =
                unconfigured.run("--url", server.url(), "--token", "sbl_before", "experiment", "status", "k3j9x0ab");
        CliRunner.Result after =
                unconfigured.run("experiment", "status", "k3j9x0ab", "--url=" + server.url(), "--token=sbl_after");

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(server.requests())
                .extracting(request -> request.header("Authorization"))
                .containsExactly("Bearer sbl_before", "Bearer sbl_after");
    }
}
