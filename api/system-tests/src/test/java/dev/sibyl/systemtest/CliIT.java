package dev.sibyl.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `sibyl` CLI, run as a process against the packaged server: create --watch, list, show, export. */
class CliIT {
    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {}

    private Run cli(ServerProcess server, String... args) throws Exception {
        return cliWithToken(server, ServerProcess.ADMIN_TOKEN, args);
    }

    private Run cliWithToken(ServerProcess server, String token, String... args) throws Exception {
        Path repo = Repository.root();
        Path cliTarget = repo.resolve("api/cli/target");
        String classpath;
        try (var jars = Files.list(cliTarget)) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("sibyl-cli-.*\\.jar"))
                    .findFirst()
                    .orElseThrow();
            classpath = jar + File.pathSeparator + cliTarget.resolve("lib") + File.separator + "*";
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + tmp, // no ~/.sibyl/cli.json of the machine's user
                "-cp",
                classpath,
                "dev.sibyl.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("SIBYL_URL", server.baseUri().toString());
        pb.environment().put("SIBYL_TOKEN", token);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("CLI finished").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void createsWatchesListsShowsAndExportsAnNniExperiment() throws Exception {
        Path config = Repository.root().resolve("examples/quadratic/config.yml");
        try (TestDatabase db = TestDatabase.create("cli");
                ServerProcess server = new ServerProcess(db, tmp.resolve("home")).start()) {
            Run create = cli(server, "create", "--config", config.toString(), "--watch");
            assertThat(create.exitCode()).as(create.err() + create.out()).isZero();
            Matcher m = Pattern.compile("Experiment ID: (\\S+)").matcher(create.out());
            assertThat(m.find()).as(create.out()).isTrue();
            String id = m.group(1);
            assertThat(create.out()).contains("DONE");

            Run list = cli(server, "experiment", "list", "--all");
            assertThat(list.exitCode()).isZero();
            assertThat(list.out()).contains(id);

            Run show = cli(server, "experiment", "show", id);
            assertThat(show.exitCode()).isZero();
            assertThat(show.out()).contains("DONE");

            Run trials = cli(server, "trial", "ls", id);
            assertThat(trials.exitCode()).isZero();
            assertThat(trials.out()).contains("SUCCEEDED");

            Path json = tmp.resolve("export.json");
            Run exportJson = cli(server, "experiment", "export", id, "--type", "json", "--filename", json.toString());
            assertThat(exportJson.exitCode()).as(exportJson.err()).isZero();
            JsonNode rows = new ObjectMapper().readTree(json.toFile());
            assertThat(rows.size()).isEqualTo(20);
            for (JsonNode row : rows) {
                assertThat(row.has("parameter") && row.has("value") && row.has("trialJobId"))
                        .isTrue();
                assertThat(row.path("parameter").has("x")).isTrue();
            }

            Path csv = tmp.resolve("export.csv");
            Run exportCsv = cli(server, "experiment", "export", id, "--type", "csv", "--filename", csv.toString());
            assertThat(exportCsv.exitCode()).as(exportCsv.err()).isZero();
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines).hasSize(21);
            assertThat(lines.get(0)).contains("x", "y", "shape", "steps", "trialJobId");

            Run unknown = cli(server, "experiment", "show", "zzzzzzzz");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aCiTokenFromTheEnvironmentWorksWithinItsScopes() throws Exception {
        Path config = Repository.root().resolve("examples/quadratic/config.yml");
        try (TestDatabase db = TestDatabase.create("cli_token");
                ServerProcess server = new ServerProcess(db, tmp.resolve("home")).start()) {
            java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            server.baseUri().resolve("/api/v1/tenants/default/tokens"))
                                    .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"name\": \"ci reader\", \"scopes\": [\"experiments:read\"]}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String readOnly =
                    new ObjectMapper().readTree(created.body()).path("token").asText();

            Run list = cliWithToken(server, readOnly, "experiment", "list", "--all");
            assertThat(list.exitCode()).as(list.err()).isZero();

            Run create = cliWithToken(server, readOnly, "create", "--config", config.toString());
            assertThat(create.exitCode()).isNotZero();
            assertThat(create.err()).contains("experiments:write").doesNotContain("\tat ");

            Run bad = cliWithToken(server, "sbl_not_a_real_token_0000000000000", "experiment", "list");
            assertThat(bad.exitCode()).isNotZero();
            assertThat(bad.err()).doesNotContain("\tat ");
        }
    }
}
