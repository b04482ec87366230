package dev.sibyl.cli.create;

import static dev.sibyl.cli.testing.ApiFixtures.EXPERIMENTS;
import static dev.sibyl.cli.testing.ApiFixtures.experiment;
import static dev.sibyl.cli.testing.ApiFixtures.experimentPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.cli.testing.ApiFixtures;
import dev.sibyl.cli.testing.CliRunner;
import dev.sibyl.cli.testing.FakeSibylServer;
import dev.sibyl.cli.testing.MultipartParts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommandTest {

    private static final String CREATED = """
            {"id":"k3j9x0ab","name":"mnist","status":"INITIALIZED","message":null,
             "config":{"experimentName":"mnist","searchSpace":{"lr":{"_type":"loguniform","_value":[0.0001,0.1]}},
               "trialCommand":"python3 mnist.py","trialCodeDirectory":".","trialConcurrency":2,
               "tuner":{"name":"TPE","classArgs":{"optimize_mode":"maximize"}},"trainingService":{"platform":"local"}},
             "createdAt":"2026-11-28T10:00:00Z","startedAt":null,"endedAt":null,"execDurationSeconds":0,
             "trialConcurrency":2,"maxTrialNumber":null,"maxExperimentDuration":null,"maxTrialDuration":null,
             "optimizeMode":"maximize","trialCounts":{"WAITING":0,"RUNNING":0,"SUCCEEDED":0,"FAILED":0,
             "USER_CANCELED":0,"SYS_CANCELED":0,"EARLY_STOPPED":0},"bestTrial":null,
             "warnings":["maxTrialNumber is not set: the experiment runs until stopped"],"convertedFromV1":false}
            """;

    @TempDir
    Path temp;

    private FakeSibylServer server;
    private CliRunner cli;
    private Path config;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeSibylServer.start();
        cli = CliRunner.against(server, temp.resolve("home"));
        config = write("exp/config.yml", """
                experimentName: mnist
                searchSpaceFile: search_space.json
                trialCommand: python3 mnist.py
                trialCodeDirectory: code
                trialConcurrency: 2
                tuner:
                  name: TPE
                  classArgs:
                    optimize_mode: maximize
                trainingService:
                  platform: local
                """);
        write("exp/search_space.json", "{\"lr\": {\"_type\": \"loguniform\", \"_value\": [0.0001, 0.1]}}");
        write("exp/code/mnist.py", "import nni\nnni.report_final_result(0.9)\n");
        write("exp/code/.nniignore", "data/\n");
        write("exp/code/data/train-images.idx3-ubyte", "pixels");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void uploadsConfigCodeAndSearchSpaceAndPrintsTheExperimentIdLikeNnictl() throws IOException {
        server.json("POST", EXPERIMENTS, 201, CREATED);

        CliRunner.Result result = cli.run("create", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        FakeSibylServer.Recorded request = server.only("POST", EXPERIMENTS);
        assertThat(request.header("Authorization")).isEqualTo("Bearer sbl_test_token");
        Map<String, MultipartParts.Part> parts = MultipartParts.parse(request.header("Content-Type"), request.body());
        assertThat(parts.keySet()).containsExactly("config", "code", "searchSpace");
        assertThat(parts.get("config").filename()).isNull();
        assertThat(parts.get("config").text()).isEqualTo(Files.readString(config));
        assertThat(parts.get("code").filename()).isEqualTo("code.tar.gz");
        assertThat(parts.get("code").contentType()).isEqualTo("application/gzip");
        assertThat(tarEntries(parts.get("code").content())).containsExactly(".nniignore", "mnist.py");
        assertThat(parts.get("searchSpace").filename()).isEqualTo("search_space.json");
        assertThat(parts.get("searchSpace").text()).isEqualTo(Files.readString(temp.resolve("exp/search_space.json")));
        assertThat(result.out()).isEqualTo("""
                        [2026-11-28 10:00:00] Creating experiment, Experiment ID: k3j9x0ab
                        [2026-11-28 10:00:00] WARNING: maxTrialNumber is not set: the experiment runs until stopped
                        [2026-11-28 10:00:00] Sibyl server: %s
                        [2026-11-28 10:00:00] To stop experiment run "sibyl stop k3j9x0ab" or "sibyl stop --all"
                        """.formatted(server.url()));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void sendsNoSearchSpacePartWhenTheConfigInlinesTheSpace() throws IOException {
        Path inline = write("inline/config.yaml", """
                search_space:
                  x: {_type: choice, _value: [1, 2]}
                trial_command: python3 t.py
                trial_concurrency: 1
                training_service: {platform: local}
                """);
        write("inline/t.py", "print('hi')\n");
        server.json("POST", EXPERIMENTS, 201, CREATED);

        CliRunner.Result result = cli.run("create", "-c", inline.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        FakeSibylServer.Recorded request = server.only("POST", EXPERIMENTS);
        Map<String, MultipartParts.Part> parts = MultipartParts.parse(request.header("Content-Type"), request.body());
        assertThat(parts.keySet()).containsExactly("config", "code");
        assertThat(parts.get("code").filename()).isEqualTo("inline.tar.gz");
        assertThat(tarEntries(parts.get("code").content())).containsExactly("config.yaml", "t.py");
    }

    @Test
    void showsTheConvertedConfigOfALegacyV1ConfigLikeNnictl() throws IOException {
        Path legacy = write("v1/config.yml", """
                authorName: default
                experimentName: example_mnist
                trialConcurrency: 1
                trainingServicePlatform: local
                searchSpacePath: search_space.json
                useAnnotation: false
                tuner:
                  builtinTunerName: TPE
                trial:
                  command: python3 mnist.py
                  codeDir: .
                  gpuNum: 0
                """);
        write("v1/search_space.json", "{\"x\": {\"_type\": \"choice\", \"_value\": [1, 2]}}");
        server.json("POST", EXPERIMENTS, 201, """
                {"id":"v1conv01","name":"example_mnist","status":"INITIALIZED",
                 "config":{"experimentName":"example_mnist","searchSpace":{"x":{"_type":"choice","_value":[1,2]}},
                   "trialCommand":"python3 mnist.py","trialCodeDirectory":".","trialConcurrency":1,
                   "trialGpuNumber":0,"tuner":{"name":"TPE"},"trainingService":{"platform":"local"}},
                 "trialCounts":{},"bestTrial":null,"convertedFromV1":true,
                 "warnings":["authorName is not used any more and was dropped"]}
                """);

        CliRunner.Result result = cli.run("create", "--config", legacy.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, MultipartParts.Part> parts = MultipartParts.parse(
                server.only("POST", EXPERIMENTS).header("Content-Type"),
                server.only("POST", EXPERIMENTS).body());
        assertThat(parts.keySet()).containsExactly("config", "code", "searchSpace");
        assertThat(result.out())
                .startsWith("[2026-11-28 10:00:00] WARNING: You are using legacy config file, please update it to"
                        + " latest format:\n" + "=".repeat(80) + "\nexperimentName: example_mnist\n")
                .contains("trialCommand: python3 mnist.py\n")
                .contains("  platform: local\n" + "=".repeat(80) + "\nReference: ")
                .contains("[2026-11-28 10:00:00] Creating experiment, Experiment ID: v1conv01\n")
                .contains("WARNING: authorName is not used any more and was dropped\n");
    }

    @Test
    void refusesATooLargeCodeDirectoryWithNnisMessageWithoutCallingTheServer() throws IOException {
        for (int i = 0; i <= 2000; i++) {
            write("exp/code/samples/" + i + ".txt", "");
        }

        CliRunner.Result result = cli.run("create", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: " + temp.resolve("exp/code").toAbsolutePath()
                        + " contains too many files (more than 2000)\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void printsTheServersValidationProblemFieldByFieldAndExitsWithOne() {
        server.problem(
                "POST",
                EXPERIMENTS,
                400,
                ApiFixtures.problem(
                        400,
                        "invalid-config",
                        "Invalid experiment config",
                        "2 problems in the experiment config",
                        "[{\"field\":\"trialConcurrency\",\"message\":\"must be greater than 0\"},"
                                + "{\"field\":\"searchSpace.lr._value\",\"message\":\"low must be below high\"}]"));

        CliRunner.Result result = cli.run("create", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("""
                        ERROR: 2 problems in the experiment config
                          trialConcurrency: must be greater than 0
                          searchSpace.lr._value: low must be below high
                        """);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void watchFollowsTheExperimentUntilItIsDoneAndExitsWithZero() {
        server.json("POST", EXPERIMENTS, 201, CREATED);
        server.jsonSequence(
                "GET",
                experimentPath("k3j9x0ab"),
                experiment("k3j9x0ab", "mnist", "RUNNING", 2, 0, null),
                experiment("k3j9x0ab", "mnist", "RUNNING", 2, 0, null),
                experiment("k3j9x0ab", "mnist", "RUNNING", 1, 1, 0.91),
                experiment("k3j9x0ab", "mnist", "DONE", 0, 20, 0.97));

        CliRunner.Result result = cli.run("create", "--config", config.toString(), "--watch");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(server.requests("GET", experimentPath("k3j9x0ab"))).hasSize(4);
        assertThat(cli.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
        List<String> progress = lines(result.out(), "Status: ");
        assertThat(progress)
                .containsExactly(
                        "[2026-11-28 10:00:00] Status: RUNNING    Trials: 2/20 (RUNNING 2)    Best metric: N/A",
                        "[2026-11-28 10:00:00] Status: RUNNING    Trials: 2/20 (RUNNING 1, SUCCEEDED 1)"
                                + "    Best metric: 0.91 (trial Ab3x9)",
                        "[2026-11-28 10:00:00] Status: DONE    Trials: 20/20 (SUCCEEDED 20)"
                                + "    Best metric: 0.97 (trial Ab3x9)");
        assertThat(result.out()).endsWith("[2026-11-28 10:00:00] Experiment k3j9x0ab is done.\n");
    }

    @Test
    void watchExitsWithOneAndTheServersMessageWhenTheExperimentFails() {
        server.json("POST", EXPERIMENTS, 201, CREATED);
        server.jsonSequence(
                "GET",
                experimentPath("k3j9x0ab"),
                experiment("k3j9x0ab", "mnist", "RUNNING", 2, 0, null),
                experiment("k3j9x0ab", "mnist", "ERROR", 0, 0, null)
                        .replace("\"message\":null", "\"message\":\"tuner TPE crashed: search space is empty\""));

        CliRunner.Result result = cli.run("create", "-c", config.toString(), "-w");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: Experiment k3j9x0ab failed: tuner TPE crashed: search space is empty\n");
    }

    @Test
    void watchExitsWithOneWhenTheExperimentIsStoppedAndForegroundIsAnAliasOfWatch() {
        server.json("POST", EXPERIMENTS, 201, CREATED);
        server.json("GET", experimentPath("k3j9x0ab"), 200, experiment("k3j9x0ab", "mnist", "STOPPED", 0, 3, 0.5));

        CliRunner.Result result = cli.run("create", "-c", config.toString(), "--foreground");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).endsWith("Experiment k3j9x0ab was stopped.\n");
    }

    @Test
    void reportsAMissingCodeDirectory() throws IOException {
        Path broken = write("broken/config.yml", "trialCodeDirectory: nowhere\nsearchSpace: {}\n");

        CliRunner.Result result = cli.run("create", "--config", broken.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("ERROR: trialCodeDirectory \""
                        + temp.resolve("broken/nowhere").toAbsolutePath()
                        + "\" does not exist or is not a directory\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void reportsAMissingSearchSpaceFile() throws IOException {
        Path broken = write("nospace/config.yml", "searchSpaceFile: space.json\n");

        CliRunner.Result result = cli.run("create", "--config", broken.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("searchSpaceFile \""
                        + temp.resolve("nospace/space.json").toAbsolutePath());
    }

    @Test
    void reportsAConfigFileThatDoesNotExist() {
        CliRunner.Result result =
                cli.run("create", "--config", temp.resolve("missing.yml").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ERROR: \"" + temp.resolve("missing.yml") + "\" is not a valid file.\n");
    }

    @Test
    void warnsAboutSymlinksInTheCodeDirectoryLikeNni() throws IOException {
        Files.createSymbolicLink(temp.resolve("exp/code/dataset"), temp.resolve("exp/code/data"));
        server.json("POST", EXPERIMENTS, 201, CREATED);

        CliRunner.Result result = cli.run("create", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("[2026-11-28 10:00:00] WARNING: "
                        + temp.resolve("exp/code").toAbsolutePath()
                        + " contains a symlink dataset. It will be uploaded as is and might not work\n");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static List<String> lines(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).toList();
    }

    private static List<String> tarEntries(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
