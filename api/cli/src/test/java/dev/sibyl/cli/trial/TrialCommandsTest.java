package dev.sibyl.cli.trial;

import static dev.sibyl.cli.testing.ApiFixtures.EXPERIMENTS;
import static dev.sibyl.cli.testing.ApiFixtures.experiment;
import static dev.sibyl.cli.testing.ApiFixtures.experimentPath;
import static dev.sibyl.cli.testing.ApiFixtures.list;
import static dev.sibyl.cli.testing.ApiFixtures.trial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.cli.testing.ApiFixtures;
import dev.sibyl.cli.testing.CliRunner;
import dev.sibyl.cli.testing.FakeSibylServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialCommandsTest {

    private static final String TRIALS = experimentPath("k3j9x0ab") + "/trials";

    @TempDir
    Path temp;

    private FakeSibylServer server;
    private CliRunner cli;

    @BeforeEach
    void startServer() {
        server = FakeSibylServer.start();
        cli = CliRunner.against(server, temp.resolve("home"));
        server.json(
                "GET",
                TRIALS,
                200,
                list(
                        trial("Ab3x9", 0, "SUCCEEDED", 0.71),
                        trial("Cd4y0", 1, "SUCCEEDED", 0.93),
                        trial("Ef5z1", 2, "FAILED", null),
                        trial("Gh6a2", 3, "SUCCEEDED", null)
                                .replace("\"finalMetric\":null", "\"finalMetric\":{\"default\":0.85,\"loss\":0.2}"),
                        trial("Ij7b3", 4, "RUNNING", null)));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void listsTheTrialsAsNnictlPrintsJson() {
        CliRunner.Result result = cli.run("trial", "ls", "k3j9x0ab");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(ids(result.out())).containsExactly("Ab3x9", "Cd4y0", "Ef5z1", "Gh6a2", "Ij7b3");
        assertThat(result.out()).startsWith("""
                        [
                            {
                                "endedAt":"2026-11-28T10:05:00Z",
                                "finalMetric":0.71,
                                "id":"Ab3x9",
                                "intermediateCount":10,
                        """);
        assertThat(server.only("GET", TRIALS).header("Authorization")).isEqualTo("Bearer sbl_test_token");
    }

    @Test
    void headListsTheTrialsWithTheHighestDefaultMetric() {
        CliRunner.Result result = cli.run("trial", "ls", "k3j9x0ab", "--head", "2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(ids(result.out())).containsExactly("Cd4y0", "Gh6a2");
    }

    @Test
    void tailListsTheTrialsWithTheLowestDefaultMetricLeavingOutThoseWithout() {
        CliRunner.Result result = cli.run("trial", "ls", "k3j9x0ab", "--tail", "10");

        assertThat(ids(result.out())).containsExactly("Ab3x9", "Gh6a2", "Cd4y0");
    }

    @Test
    void listsTheTrialsOfTheSingleRunningExperimentWhenNoIdIsGiven() {
        server.json("GET", EXPERIMENTS, 200, list(experiment("k3j9x0ab", "mnist", "RUNNING")));

        CliRunner.Result result = cli.run("trial", "ls");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(ids(result.out())).hasSize(5);
    }

    @Test
    void headAndTailExcludeEachOther() {
        CliRunner.Result result = cli.run("trial", "ls", "k3j9x0ab", "--head", "1", "--tail", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--head=N, --tail=N are mutually exclusive");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void headMustBePositive() {
        CliRunner.Result result = cli.run("trial", "ls", "k3j9x0ab", "--head", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("The number of requested data must be greater than 0.");
    }

    @Test
    void killsATrialAndPrintsIt() {
        server.json("POST", TRIALS + "/Ij7b3/kill", 200, trial("Ij7b3", 4, "USER_CANCELED", null));

        CliRunner.Result result = cli.run("trial", "kill", "k3j9x0ab", "--trial_id", "Ij7b3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("\"status\":\"USER_CANCELED\"");
        assertThat(server.only("POST", TRIALS + "/Ij7b3/kill").header("Authorization"))
                .isEqualTo("Bearer sbl_test_token");
    }

    @Test
    void killNeedsATrialId() {
        CliRunner.Result result = cli.run("trial", "kill", "k3j9x0ab");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--trial_id=<trialId>'");
    }

    @Test
    void killOfAnUnknownTrialShowsTheServersProblem() {
        server.problem(
                "POST",
                TRIALS + "/Zz000/kill",
                404,
                ApiFixtures.problem(404, "trial-not-found", "Not found", "Trial Zz000 was not found", "[]"));

        CliRunner.Result result = cli.run("trial", "kill", "k3j9x0ab", "-T", "Zz000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ERROR: Trial Zz000 was not found\n");
    }

    @Test
    void printsTheTrialLogByDefault() {
        server.raw(
                "GET",
                TRIALS + "/Ab3x9/logs/trial.log",
                200,
                "text/plain; charset=utf-8",
                "[2026-11-28 10:00:01] epoch 1 accuracy 0.61\n[2026-11-28 10:00:02] epoch 2 accuracy 0.71\n");

        CliRunner.Result result = cli.run("log", "trial", "k3j9x0ab", "-T", "Ab3x9");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        "[2026-11-28 10:00:01] epoch 1 accuracy 0.61\n[2026-11-28 10:00:02] epoch 2 accuracy 0.71\n");
    }

    @Test
    void printsTheNamedLogAndEndsItWithANewline() {
        server.raw("GET", TRIALS + "/Ef5z1/logs/stderr", 200, "text/plain", "Traceback: ZeroDivisionError");

        CliRunner.Result result = cli.run("log", "trial", "k3j9x0ab", "--trial_id", "Ef5z1", "--name", "stderr");

        assertThat(result.out()).isEqualTo("Traceback: ZeroDivisionError\n");
    }

    @Test
    void reportsAnAbsentLog() {
        server.problem(
                "GET",
                TRIALS + "/Ij7b3/logs/stdout",
                404,
                ApiFixtures.problem(404, "log-not-found", "Not found", "Trial Ij7b3 has no stdout log yet", "[]"));

        CliRunner.Result result = cli.run("log", "trial", "k3j9x0ab", "-T", "Ij7b3", "--name", "stdout");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ERROR: Trial Ij7b3 has no stdout log yet\n");
    }

    @Test
    void refusesAnUnknownLogName() {
        CliRunner.Result result = cli.run("log", "trial", "k3j9x0ab", "-T", "Ab3x9", "--name", "model.onnx");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("expected one of stdout, stderr, trial.log but was 'model.onnx'");
        assertThat(server.requests()).isEmpty();
    }

    private static List<String> ids(String json) {
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode trial : new ObjectMapper().readTree(json)) {
                ids.add(trial.path("id").asText());
            }
            return ids;
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
