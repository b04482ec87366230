package dev.sibyl.cli.experiment;

import static dev.sibyl.cli.testing.ApiFixtures.EXPERIMENTS;
import static dev.sibyl.cli.testing.ApiFixtures.experiment;
import static dev.sibyl.cli.testing.ApiFixtures.experimentPath;
import static dev.sibyl.cli.testing.ApiFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.cli.testing.ApiFixtures;
import dev.sibyl.cli.testing.CliRunner;
import dev.sibyl.cli.testing.FakeSibylServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private FakeSibylServer server;
    private CliRunner cli;

    @BeforeEach
    void startServer() {
        server = FakeSibylServer.start();
        cli = CliRunner.against(server, temp.resolve("home"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Nested
    class Stop {

        @Test
        void stopsTheGivenExperimentWithNnictlsMessages() {
            server.json("POST", experimentPath("k3j9x0ab") + "/stop", 200, experiment("k3j9x0ab", "mnist", "STOPPED"));

            CliRunner.Result result = cli.run("stop", "k3j9x0ab");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out())
                    .isEqualTo("INFO:  Stopping experiment k3j9x0ab\nINFO:  Stop experiment success.\n");
            FakeSibylServer.Recorded request = server.only("POST", experimentPath("k3j9x0ab") + "/stop");
            assertThat(request.header("Authorization")).isEqualTo("Bearer sbl_test_token");
            assertThat(server.requests()).hasSize(1);
        }

        @Test
        void stopsTheSingleRunningExperimentWhenNoIdIsGiven() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(experiment("done0001", "old", "DONE"), experiment("run00001", "new", "RUNNING")));
            server.json("POST", experimentPath("run00001") + "/stop", 200, experiment("run00001", "new", "STOPPED"));

            CliRunner.Result result = cli.run("stop");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(server.requests("POST", experimentPath("run00001") + "/stop"))
                    .hasSize(1);
            assertThat(server.requests("POST", experimentPath("done0001") + "/stop"))
                    .isEmpty();
        }

        @Test
        void failsWhenNoIdIsGivenAndNothingRuns() {
            server.json("GET", EXPERIMENTS, 200, list(experiment("done0001", "old", "DONE")));

            CliRunner.Result result = cli.run("stop");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("ERROR: There is no experiment running...\n");
        }

        @Test
        void failsWhenNoIdIsGivenAndSeveralRunListingThem() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(
                            experiment("aaaa0001", "first", "RUNNING"),
                            experiment("bbbb0002", "second", "NO_MORE_TRIAL")));

            CliRunner.Result result = cli.run("stop");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .isEqualTo("ERROR: There are multiple experiments, please set the experiment id...\n"
                            + "-".repeat(88) + "\n"
                            + "                Experiment information\n"
                            + "Id: aaaa0001    Name: first    Status: RUNNING    Platform: local    StartTime: 2026-11-28"
                            + " 09:59:59    EndTime: N/A\n"
                            + "Id: bbbb0002    Name: second    Status: NO_MORE_TRIAL    Platform: local    StartTime:"
                            + " 2026-11-28 09:59:59    EndTime: N/A\n"
                            + "\n" + "-".repeat(88) + "\n");
            assertThat(server.requests()).hasSize(1);
        }

        @Test
        void stopsEveryRunningExperimentWithAll() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(
                            experiment("aaaa0001", "a", "RUNNING"),
                            experiment("bbbb0002", "b", "STOPPED"),
                            experiment("cccc0003", "c", "TUNER_NO_MORE_TRIAL")));
            server.json("POST", experimentPath("aaaa0001") + "/stop", 200, experiment("aaaa0001", "a", "STOPPED"));
            server.json("POST", experimentPath("cccc0003") + "/stop", 200, experiment("cccc0003", "c", "STOPPED"));

            CliRunner.Result result = cli.run("stop", "--all");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out())
                    .isEqualTo("INFO:  Stopping experiment aaaa0001\nINFO:  Stop experiment success.\n"
                            + "INFO:  Stopping experiment cccc0003\nINFO:  Stop experiment success.\n");
            assertThat(server.requests("POST", experimentPath("bbbb0002") + "/stop"))
                    .isEmpty();
        }

        @Test
        void stopsRunningExperimentsMatchingAPrefixWithATrailingStar() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(experiment("abc00001", "a", "RUNNING"), experiment("xyz00002", "x", "RUNNING")));
            server.json("POST", experimentPath("abc00001") + "/stop", 200, experiment("abc00001", "a", "STOPPED"));

            CliRunner.Result result = cli.run("stop", "abc*");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(server.requests("POST", experimentPath("xyz00002") + "/stop"))
                    .isEmpty();
            assertThat(server.requests("POST", experimentPath("abc00001") + "/stop"))
                    .hasSize(1);
        }

        @Test
        void allWithNothingRunningSaysSoAndSucceeds() {
            server.json("GET", EXPERIMENTS, 200, "[]");

            CliRunner.Result result = cli.run("stop", "-a");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).isEqualTo("INFO:  There is no experiment running...\n");
        }

        @Test
        void refusesAnIdTogetherWithAll() {
            CliRunner.Result result = cli.run("stop", "k3j9x0ab", "--all");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("Give either an experiment id or --all, not both");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Nested
    class Resume {

        @Test
        void resumesTheExperimentAndShowsItsStatus() {
            server.json(
                    "POST", experimentPath("k3j9x0ab") + "/resume", 200, experiment("k3j9x0ab", "mnist", "RUNNING"));

            CliRunner.Result result = cli.run("resume", "k3j9x0ab");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("""
                            [2026-11-28 10:00:00] Resuming experiment, Experiment ID: k3j9x0ab
                            [2026-11-28 10:00:00] Experiment status: RUNNING
                            [2026-11-28 10:00:00] To stop experiment run "sibyl stop k3j9x0ab" or "sibyl stop --all"
                            """);
        }

        @Test
        void reportsTheConflictWhenNoBudgetRemains() {
            server.problem(
                    "POST",
                    experimentPath("k3j9x0ab") + "/resume",
                    409,
                    ApiFixtures.problem(
                            409,
                            "experiment-budget-exhausted",
                            "Conflict",
                            "Experiment k3j9x0ab has no trial budget left (maxTrialNumber 20 reached)",
                            "[]"));

            CliRunner.Result result = cli.run("resume", "k3j9x0ab");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .isEqualTo("ERROR: Experiment k3j9x0ab has no trial budget left (maxTrialNumber 20 reached)\n");
        }

        @Test
        void needsAnId() {
            CliRunner.Result result = cli.run("resume");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("Missing required parameter: 'ID'");
        }
    }

    @Nested
    class Update {

        @Test
        void patchesTheTrialConcurrency() throws IOException {
            server.json("PATCH", experimentPath("k3j9x0ab"), 200, experiment("k3j9x0ab", "mnist", "RUNNING"));

            CliRunner.Result result = cli.run("update", "concurrency", "k3j9x0ab", "--value", "8");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("INFO:  Update concurrency success!\n");
            FakeSibylServer.Recorded patch = server.only("PATCH", experimentPath("k3j9x0ab"));
            assertThat(patch.header("Content-Type")).isEqualTo("application/json");
            assertThat(patch.header("Authorization")).isEqualTo("Bearer sbl_test_token");
            assertThat(JSON.readTree(patch.body())).isEqualTo(JSON.readTree("{\"trialConcurrency\":8}"));
        }

        @Test
        void patchesTheMaximumTrialNumberOfTheSingleRunningExperiment() throws IOException {
            server.json("GET", EXPERIMENTS, 200, list(experiment("run00001", "only", "RUNNING")));
            server.json("PATCH", experimentPath("run00001"), 200, experiment("run00001", "only", "RUNNING"));

            CliRunner.Result result = cli.run("update", "trialnum", "-v", "50");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("INFO:  Update trialnum success!\n");
            assertThat(JSON.readTree(
                            server.only("PATCH", experimentPath("run00001")).body()))
                    .isEqualTo(JSON.readTree("{\"maxTrialNumber\":50}"));
        }

        @Test
        void convertsTheDurationToSecondsLikeNnictl() throws IOException {
            server.json("PATCH", experimentPath("k3j9x0ab"), 200, experiment("k3j9x0ab", "mnist", "RUNNING"));

            CliRunner.Result result = cli.run("update", "duration", "k3j9x0ab", "-v", "2h");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("INFO:  Update duration success!\n");
            assertThat(JSON.readTree(
                            server.only("PATCH", experimentPath("k3j9x0ab")).body()))
                    .isEqualTo(JSON.readTree("{\"maxExperimentDuration\":7200}"));
        }

        @Test
        void rejectsADurationWithAnUnknownUnit() {
            CliRunner.Result result = cli.run("update", "duration", "k3j9x0ab", "-v", "2w");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("the unit of time could only from {s, m, h, d}");
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void rejectsADurationThatIsNotANumber() {
            CliRunner.Result result = cli.run("update", "duration", "k3j9x0ab", "-v", "1.5h");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("time format error!");
        }

        @Test
        void rejectsAConcurrencyOutsideNnictlsRange() {
            CliRunner.Result zero = cli.run("update", "concurrency", "k3j9x0ab", "-v", "0");
            CliRunner.Result text = cli.run("update", "concurrency", "k3j9x0ab", "-v", "four");

            assertThat(zero.exitCode()).isEqualTo(2);
            assertThat(zero.err()).startsWith("value (0) must be a digit from 1 to 1000");
            assertThat(text.exitCode()).isEqualTo(2);
            assertThat(text.err()).startsWith("value (four) must be a digit from 1 to 1000");
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void sendsTheNewSearchSpaceFromAFile() throws IOException {
            Path space = Files.writeString(
                    temp.resolve("space.json"),
                    "{\"lr\": {\"_type\": \"loguniform\", \"_value\": [0.001, 0.1]},"
                            + " \"batch\": {\"_type\": \"choice\", \"_value\": [16, 32]}}");
            server.json("PATCH", experimentPath("k3j9x0ab"), 200, experiment("k3j9x0ab", "mnist", "RUNNING"));

            CliRunner.Result result = cli.run("update", "searchspace", "k3j9x0ab", "--filename", space.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("INFO:  Update searchSpace success!\n");
            assertThat(JSON.readTree(
                            server.only("PATCH", experimentPath("k3j9x0ab")).body()))
                    .isEqualTo(JSON.readTree("{\"searchSpace\":" + Files.readString(space) + "}"));
        }

        @Test
        void refusesAnEmptySearchSpaceFile() throws IOException {
            Path space = Files.writeString(temp.resolve("empty.json"), "{}");

            CliRunner.Result result = cli.run("update", "searchspace", "k3j9x0ab", "-f", space.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("searchSpace file should not be empty");
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void showsTheServersFieldErrorsWhenTheUpdateIsRejected() {
            server.problem(
                    "PATCH",
                    experimentPath("k3j9x0ab"),
                    400,
                    ApiFixtures.problem(
                            400,
                            "invalid-update",
                            "Invalid update",
                            "maxTrialNumber: is below the 12 trials already submitted",
                            "[{\"field\":\"maxTrialNumber\",\"message\":\"is below the 12 trials already submitted\"}]"));

            CliRunner.Result result = cli.run("update", "trialnum", "k3j9x0ab", "-v", "5");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .isEqualTo("ERROR: maxTrialNumber: is below the 12 trials already submitted\n"
                            + "  maxTrialNumber: is below the 12 trials already submitted\n");
        }
    }

    @Nested
    class ShowStatusList {

        @Test
        void showPrintsTheExperimentAsNnictlPrintsJson() {
            server.json("GET", experimentPath("k3j9x0ab"), 200, experiment("k3j9x0ab", "mnist", "RUNNING"));

            CliRunner.Result result = cli.run("experiment", "show", "k3j9x0ab");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out())
                    .startsWith("""
                            {
                                "bestTrial":{
                                    "id":"Ab3x9",
                                    "value":0.93
                                },
                                "config":{
                                    "experimentName":"mnist",
                            """)
                    .contains("\n    \"endedAt\":null,\n")
                    .contains("\n    \"status\":\"RUNNING\",\n")
                    .endsWith("\n        \"WAITING\":0\n    }\n}\n");
        }

        @Test
        void statusPrintsStatusAndErrorsLikeNnictlsCheckStatus() {
            server.json("GET", experimentPath("k3j9x0ab"), 200, experiment("k3j9x0ab", "mnist", "RUNNING"));
            server.json(
                    "GET",
                    experimentPath("broken01"),
                    200,
                    experiment("broken01", "mnist", "ERROR")
                            .replace("\"message\":null", "\"message\":\"tuner process exited with code 1\""));

            CliRunner.Result running = cli.run("experiment", "status", "k3j9x0ab");
            CliRunner.Result failed = cli.run("experiment", "status", "broken01");

            assertThat(running.out()).isEqualTo("{\n    \"errors\":[],\n    \"status\":\"RUNNING\"\n}\n");
            assertThat(failed.out())
                    .isEqualTo("{\n    \"errors\":[\n        \"tuner process exited with code 1\"\n    ],\n"
                            + "    \"status\":\"ERROR\"\n}\n");
        }

        @Test
        void listShowsRunningExperimentsOrAllOfThem() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(
                            experiment("new00002", "resnet", "RUNNING"),
                            experiment("old00001", "mnist", "DONE")
                                    .replace("\"endedAt\":null", "\"endedAt\":\"2026-11-27T18:30:00Z\"")));

            CliRunner.Result running = cli.run("experiment", "list");
            CliRunner.Result all = cli.run("experiment", "list", "--all");

            String rule = "-".repeat(88);
            String newRow =
                    "Id: new00002    Name: resnet    Status: RUNNING    Platform: local    StartTime: 2026-11-28"
                            + " 09:59:59    EndTime: N/A\n";
            String oldRow = "Id: old00001    Name: mnist    Status: DONE    Platform: local    StartTime: 2026-11-28"
                    + " 09:59:59    EndTime: 2026-11-27 18:30:00\n";
            assertThat(running.out())
                    .isEqualTo(rule + "\n                Experiment information\n" + newRow + "\n" + rule + "\n");
            assertThat(all.out())
                    .isEqualTo(
                            rule + "\n                Experiment information\n" + newRow + oldRow + "\n" + rule + "\n");
        }

        @Test
        void listWarnsWhenNothingRuns() {
            server.json("GET", EXPERIMENTS, 200, list(experiment("old00001", "mnist", "STOPPED")));

            CliRunner.Result result = cli.run("experiment", "list");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out())
                    .startsWith("WARNING: There is no experiment running...\n"
                            + "You can use 'sibyl experiment list --all' to list all experiments.\n");
        }

        @Test
        void listSaysWhenThereAreNoExperimentsAtAll() {
            server.json("GET", EXPERIMENTS, 200, "[]");

            assertThat(cli.run("experiment", "list", "--all").out()).isEqualTo("INFO:  Cannot find experiments.\n");
        }

        @Test
        void showsTheHybridPlatformForAListOfTrainingServices() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(experiment("hyb00001", "h", "RUNNING")
                            .replace(
                                    "\"trainingService\":{\"platform\":\"local\",\"useActiveGpu\":false}",
                                    "\"trainingService\":[{\"platform\":\"local\"},{\"platform\":\"remote\"}]")));

            assertThat(cli.run("experiment", "list").out()).contains("Platform: hybrid");
        }
    }

    @Nested
    class ExportImport {

        @Test
        void writesTheServersJsonExportToTheFile() throws IOException {
            String exported = "[{\"parameter\":{\"x\":1.5},\"value\":0.93,\"trialJobId\":\"Ab3x9\"}]";
            server.json("GET", experimentPath("k3j9x0ab") + "/export", 200, exported);
            Path target = temp.resolve("trials.json");

            CliRunner.Result result =
                    cli.run("experiment", "export", "k3j9x0ab", "--type", "json", "-f", target.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(target).hasContent(exported);
            FakeSibylServer.Recorded request = server.only("GET", experimentPath("k3j9x0ab") + "/export");
            assertThat(request.query()).isEqualTo("format=json");
            assertThat(result.out()).startsWith("INFO:  Exported the trials of experiment k3j9x0ab to " + target);
        }

        @Test
        void asksForIntermediateResultsInCsv() throws IOException {
            String csv = "x,reward,trialJobId,intermediate\n1.5,0.93,Ab3x9,\"[0.5,0.7,0.93]\"\n";
            server.raw("GET", experimentPath("k3j9x0ab") + "/export", 200, "text/csv", csv);
            Path target = temp.resolve("trials.csv");

            CliRunner.Result result =
                    cli.run("experiment", "export", "k3j9x0ab", "-t", "csv", "-f", target.toString(), "-i");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(target).hasContent(csv);
            assertThat(server.only("GET", experimentPath("k3j9x0ab") + "/export")
                            .query())
                    .isEqualTo("format=csv&intermediate=true");
        }

        @Test
        void leavesNoFileWhenTheServerRefusesTheExport() {
            Path target = temp.resolve("never.json");

            CliRunner.Result result =
                    cli.run("experiment", "export", "nope0000", "-t", "json", "-f", target.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("ERROR: No route GET " + experimentPath("nope0000") + "/export\n");
            assertThat(target).doesNotExist();
            assertThat(temp).isDirectoryNotContaining("glob:**.part");
        }

        @Test
        void refusesAnUnknownExportType() {
            CliRunner.Result result = cli.run("experiment", "export", "k3j9x0ab", "-t", "xml", "-f", "out.xml");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("expected one of [json, csv]");
        }

        @Test
        void importsTheRecordsOfAJsonFile() throws IOException {
            String records = "[{\"parameter\":{\"x\":0.5},\"value\":0.8},{\"parameter\":{\"x\":1.0},\"value\":0.6}]";
            Path file = Files.writeString(temp.resolve("data.json"), records);
            server.json("POST", experimentPath("k3j9x0ab") + "/import-data", 200, "{\"imported\":2}");

            CliRunner.Result result = cli.run("experiment", "import", "k3j9x0ab", "--filename", file.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            FakeSibylServer.Recorded request = server.only("POST", experimentPath("k3j9x0ab") + "/import-data");
            assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree(records));
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(result.out())
                    .isEqualTo("INFO:  Successfully imported 2 trial results into experiment k3j9x0ab.\n");
        }

        @Test
        void refusesAMissingImportFileBeforeCallingTheServer() {
            Path missing = temp.resolve("missing.json");

            CliRunner.Result result = cli.run("experiment", "import", "k3j9x0ab", "-f", missing.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith(missing + " is not a valid file path");
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void showsWhichImportedParameterTheServerRejected() throws IOException {
            Path file = Files.writeString(temp.resolve("data.json"), "[{\"parameter\":{\"x\":99},\"value\":0.8}]");
            server.problem(
                    "POST",
                    experimentPath("k3j9x0ab") + "/import-data",
                    400,
                    ApiFixtures.problem(
                            400,
                            "invalid-import",
                            "Invalid import data",
                            "1 record does not fit the search space",
                            "[{\"field\":\"[0].parameter.x\",\"message\":\"99 is outside [-5, 5]\"}]"));

            CliRunner.Result result = cli.run("experiment", "import", "k3j9x0ab", "-f", file.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .isEqualTo(
                            "ERROR: 1 record does not fit the search space\n  [0].parameter.x: 99 is outside [-5, 5]\n");
        }
    }

    @Nested
    class Top {

        @Test
        void printsOneFrameOfRunningExperimentsAndTheirTrials() {
            server.json(
                    "GET",
                    EXPERIMENTS,
                    200,
                    list(experiment("k3j9x0ab", "mnist", "RUNNING"), experiment("old00001", "old", "DONE")));
            server.json(
                    "GET",
                    experimentPath("k3j9x0ab") + "/trials",
                    200,
                    list(
                            ApiFixtures.trial("Ab3x9", 0, "SUCCEEDED", 0.93),
                            ApiFixtures.trial("Cd4y0", 1, "RUNNING", null)));

            CliRunner.Result result = cli.run("top", "--once");

            String rule = "-".repeat(85);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out())
                    .isEqualTo("Id: k3j9x0ab    Name: mnist    Status: RUNNING    Platform: local    \n"
                            + "StartTime: 2026-11-28 09:59:59    Duration: 0d 1h 2m 3s\n"
                            + "Status: RUNNING    Trials: 7/20 (RUNNING 4, SUCCEEDED 3)    Best metric: 0.93 (trial Ab3x9)\n"
                            + rule + "\n"
                            + "trialId         startTime                 endTime                   status          \n"
                            + rule + "\n"
                            + "Ab3x9           2026/11/28 10:00:00       2026/11/28 10:05:00       SUCCEEDED\n"
                            + "Cd4y0           2026/11/28 10:00:01       N/A                       RUNNING\n"
                            + rule + "\n\n\n");
            assertThat(server.requests("GET", experimentPath("old00001") + "/trials"))
                    .isEmpty();
        }

        @Test
        void refreshesEveryIntervalUntilInterrupted() {
            server.json("GET", EXPERIMENTS, 200, "[]");
            cli.onSleep(count -> {
                if (count == 2) {
                    throw new CliRunner.Interrupt();
                }
            });

            CliRunner.Result result = cli.run("top", "-t", "5");

            assertThat(result.exitCode()).isZero();
            assertThat(cli.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
            assertThat(server.requests("GET", EXPERIMENTS)).hasSize(2);
            assertThat(result.out())
                    .isEqualTo("\033[H\033[2JWARNING: There is no experiment running...\n"
                            + "\033[H\033[2JWARNING: There is no experiment running...\n"
                            + "INFO:  Exiting...\n");
        }

        @Test
        void refusesANonPositiveInterval() {
            CliRunner.Result result = cli.run("top", "--time", "0");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err())
                    .startsWith("please input a positive integer as time interval, the unit is second.");
        }
    }
}
