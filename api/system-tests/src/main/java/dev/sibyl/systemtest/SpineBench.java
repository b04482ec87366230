package dev.sibyl.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The spine benchmark ({@code bin/sibyl-bench}): runs the packaged server as a process over a fresh database
 * and prints server start time, idle RSS, trial throughput at concurrency 8 and intermediate-result ingest
 * over the HTTP channel with 8 concurrent reporting trials.
 *
 * <p>Usage: {@code bin/sibyl-bench [trials=200] [results-per-reporter=2000]}.
 */
public final class SpineBench {
    private SpineBench() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int resultsPerReporter = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path tmp = Files.createTempDirectory("sibyl-bench");
        try (TestDatabase db = TestDatabase.create("bench");
                ServerProcess server = new ServerProcess(db, tmp.resolve("home")).start()) {
            System.out.printf(
                    Locale.ROOT,
                    "server start (process launch to ready): %.2f s%n",
                    server.lastStartTime().toMillis() / 1000.0);
            Thread.sleep(5000);
            System.out.printf(Locale.ROOT, "idle RSS after start: %d MB%n", server.rssKilobytes() / 1024);
            SibylClient client = new SibylClient(server.baseUri(), ServerProcess.ADMIN_TOKEN);

            Path code = Files.createDirectories(tmp.resolve("code"));
            Files.writeString(
                    code.resolve("trivial.py"), "import nni\nnni.get_next_parameter()\nnni.report_final_result(1.0)\n");
            Files.writeString(
                    code.resolve("reporter.py"),
                    String.join(
                            "\n",
                            "import sys",
                            "import nni",
                            "nni.get_next_parameter()",
                            "for i in range(int(sys.argv[1])):",
                            "    nni.report_intermediate_result(i * 0.001)",
                            "nni.report_final_result(1.0)",
                            ""));

            double shellRate = trialsPerSecond(client, code, "true", trials);
            System.out.printf(
                    Locale.ROOT, "trials/s, trial command `true`, concurrency 8, %d trials: %.1f%n", trials, shellRate);
            double sdkRate = trialsPerSecond(client, code, "python3 trivial.py", trials);
            System.out.printf(
                    Locale.ROOT,
                    "trials/s, python trial with nni SDK (get parameter + final result), concurrency 8, %d trials: %.1f%n",
                    trials,
                    sdkRate);

            // Baseline in the same run: the SDK with batching off sends one synchronous PUT per result, as NNI does.
            double unbatched = ingestRate(client, code, "SIBYL_METRIC_LINGER_SECONDS=0 python3", resultsPerReporter);
            double batched = ingestRate(client, code, "python3", resultsPerReporter);
            System.out.printf(
                    Locale.ROOT,
                    "intermediate results/s over the HTTP channel, 8 concurrent reporters x %d (incl. trial start-up):"
                            + " one PUT per result %.0f, SDK batching %.0f, ratio %.1fx%n",
                    resultsPerReporter,
                    unbatched,
                    batched,
                    batched / unbatched);
        }
    }

    private static double ingestRate(SibylClient client, Path code, String python, int resultsPerReporter)
            throws Exception {
        String config = experimentConfig(python + " reporter.py " + resultsPerReporter, 8, 8);
        long start = System.nanoTime();
        String id = client.createExperiment(config, code).path("id").asText();
        client.awaitStatus(id, Set.of("DONE", "ERROR"), Duration.ofMinutes(20));
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = client.get("experiments/" + id + "/metrics?type=PERIODICAL&size=1")
                .path("total")
                .asLong();
        if (total != 8L * resultsPerReporter) {
            throw new IllegalStateException("stored " + total + " of " + 8L * resultsPerReporter + " results");
        }
        return total / seconds;
    }

    private static double trialsPerSecond(SibylClient client, Path code, String command, int trials) throws Exception {
        long start = System.nanoTime();
        String id = client.createExperiment(experimentConfig(command, 8, trials), code)
                .path("id")
                .asText();
        JsonNode done = client.awaitStatus(id, Set.of("DONE", "ERROR"), Duration.ofMinutes(20));
        double seconds = (System.nanoTime() - start) / 1e9;
        int succeeded = done.path("trialCounts").path("SUCCEEDED").asInt();
        if (succeeded != trials) {
            throw new IllegalStateException("only " + succeeded + " of " + trials + " trials succeeded: " + done);
        }
        return trials / seconds;
    }

    private static String experimentConfig(String command, int concurrency, int trials) {
        return String.join(
                "\n",
                "searchSpace:",
                "  x: {_type: uniform, _value: [0, 1]}",
                "trialCommand: '" + command + "'",
                "trialConcurrency: " + concurrency,
                "maxTrialNumber: " + trials,
                "tuner: {name: Random}",
                "trainingService: {platform: local}",
                "");
    }
}
