package dev.sibyl.cli;

import static dev.sibyl.cli.testing.ApiFixtures.EXPERIMENTS;
import static dev.sibyl.cli.testing.ApiFixtures.experimentPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.cli.testing.CliRunner;
import dev.sibyl.cli.testing.FakeSibylServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorReportingTest {

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
    void aRefusedConnectionIsOneClearLineWithoutAStackTrace() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();

        CliRunner.Result result = new CliRunner(temp).run("experiment", "list", "--url", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: Cannot reach the Sibyl server at " + url
                        + " (connection refused); is it running? Set the address with --url or SIBYL_URL.\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();

        CliRunner.Result result = new CliRunner(temp).run("--debug", "experiment", "list", "--url", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("ERROR: Cannot reach the Sibyl server at " + url)
                .contains("\tat dev.sibyl.cli.api.SibylApi");
    }

    @Test
    void anUnauthorizedAnswerShowsTheDetailAndHowToSetAToken() {
        server.problem(
                "GET",
                EXPERIMENTS,
                401,
                "{\"type\":\"https://sibyl.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"Missing or unknown API token\",\"code\":\"unauthorized\"}");

        CliRunner.Result result = cli.run("experiment", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: Missing or unknown API token\n"
                        + "  (set the API token with --token, SIBYL_TOKEN or ~/.sibyl/cli.json)\n");
    }

    @Test
    void aProblemWithoutDetailShowsItsTitle() {
        server.problem(
                "GET",
                experimentPath("k3j9x0ab"),
                404,
                "{\"type\":\"https://sibyl.dev/problems/not-found\",\"title\":\"Experiment not found\",\"status\":404}");

        CliRunner.Result result = cli.run("experiment", "show", "k3j9x0ab");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ERROR: Experiment not found\n");
    }

    @Test
    void anErrorThatIsNotAProblemShowsTheStatusAndTheStartOfTheBody() {
        server.raw("GET", EXPERIMENTS, 502, "text/html", "<html>\n<body>Bad gateway</body>\n</html>");

        CliRunner.Result result = cli.run("experiment", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: The server answered HTTP 502: <html> <body>Bad gateway</body> </html>\n");
    }

    @Test
    void anEmptyErrorAnswerShowsTheStatus() {
        server.raw("GET", EXPERIMENTS, 503, "text/plain", "");

        CliRunner.Result result = cli.run("experiment", "list");

        assertThat(result.err()).isEqualTo("ERROR: The server answered HTTP 503\n");
    }

    @Test
    void aSuccessfulAnswerThatIsNotJsonIsReported() {
        server.raw("GET", experimentPath("k3j9x0ab"), 200, "text/html", "<html>login page</html>");

        CliRunner.Result result = cli.run("experiment", "show", "k3j9x0ab");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo(
                        "ERROR: The server answered HTTP 200 with a body that is not JSON: <html>login page</html>\n");
    }

    @Test
    void anInvalidServerUrlIsReported() {
        CliRunner.Result result =
                new CliRunner(temp).env("SIBYL_URL", "localhost:8080").run("experiment", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: The server URL \"localhost:8080\" is not an http(s) URL such as"
                        + " http://127.0.0.1:8080\n");
    }

    @Test
    void idsAreEncodedAsOnePathSegment() {
        CliRunner.Result result = cli.run("experiment", "show", "../../admin x");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(server.requests())
                .extracting(FakeSibylServer.Recorded::path)
                .containsExactly(EXPERIMENTS + "/..%2F..%2Fadmin%20x");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
