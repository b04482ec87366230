package dev.sibyl.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the packaged server with SIGKILL in the middle of an experiment and starts it again over the same
 * database and home: the experiment must finish with exactly maxTrialNumber trials and every metric the
 * trials reported, none lost and none counted twice.
 */
class ServerCrashIT {
    private static final int MAX_TRIALS = 12;
    private static final int STEPS = 5;

    @TempDir
    Path tmp;

    @Test
    void experimentSurvivesAHardKillOfTheServerWithoutLosingOrDoublingTrialsOrMetrics() throws Exception {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(
                code.resolve("trial.py"),
                String.join(
                        "\n",
                        "import time",
                        "import nni",
                        "p = nni.get_next_parameter()",
                        "for step in range(" + STEPS + "):",
                        "    time.sleep(0.4)",
                        "    nni.report_intermediate_result(p['x'] * step)",
                        "nni.report_final_result({'default': p['x'], 'step_count': " + STEPS + "})",
                        ""));
        String config = String.join(
                "\n",
                "experimentName: crash-test",
                "searchSpace:",
                "  x: {_type: uniform, _value: [0, 1]}",
                "trialCommand: python3 trial.py",
                "trialCodeDirectory: .",
                "trialConcurrency: 4",
                "maxTrialNumber: " + MAX_TRIALS,
                "tuner: {name: Random, classArgs: {seed: 7}}",
                "trainingService: {platform: local}",
                "");

        try (TestDatabase db = TestDatabase.create("crash");
                ServerProcess server = new ServerProcess(db, tmp.resolve("home")).start()) {
            SibylClient client = new SibylClient(server.baseUri(), ServerProcess.ADMIN_TOKEN);
            String id = client.createExperiment(config, code).path("id").asText();

            // Crash while some trials have finished and others are running.
            client.await(
                    id,
                    e -> e.path("trialCounts").path("SUCCEEDED").asInt() >= 4
                            && e.path("trialCounts").path("RUNNING").asInt() >= 1,
                    Duration.ofMinutes(3));
            server.killHard();
            Thread.sleep(1500); // trials keep running and reporting (retrying) while the server is down
            server.start();

            JsonNode done = client.awaitStatus(id, Set.of("DONE", "ERROR"), Duration.ofMinutes(4));
            assertThat(done.path("status").asText()).as(server.tail()).isEqualTo("DONE");

            JsonNode trials = client.get("experiments/" + id + "/trials");
            assertThat(trials.size()).isEqualTo(MAX_TRIALS);
            Set<Long> sequences = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (JsonNode t : trials) {
                assertThat(t.path("status").asText()).as(t.toString()).isEqualTo("SUCCEEDED");
                sequences.add(t.path("sequenceId").asLong());
                ids.add(t.path("id").asText());
            }
            assertThat(sequences).hasSize(MAX_TRIALS);
            assertThat(ids).hasSize(MAX_TRIALS);

            JsonNode finals = client.get("experiments/" + id + "/metrics?type=FINAL&size=1000");
            assertThat(finals.path("total").asInt()).isEqualTo(MAX_TRIALS);
            JsonNode periodical = client.get("experiments/" + id + "/metrics?type=PERIODICAL&size=1000");
            assertThat(periodical.path("total").asInt()).isEqualTo(MAX_TRIALS * STEPS);
        }
    }
}
