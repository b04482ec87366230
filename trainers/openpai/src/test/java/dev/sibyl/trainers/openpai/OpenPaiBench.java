package dev.sibyl.trainers.openpai;

import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The adapter's own cost against the stand-in cluster on loopback (no waiting time): submit (code copy to the
 * storage + POST), submit to RUNNING as polled, and one poll (GET + storage reads) next to a bare GET of the same
 * job detail as baseline. Not a test: {@code java -cp <test classpath> dev.sibyl.trainers.openpai.OpenPaiBench
 * [trials=40] [code files=50]}.
 */
public final class OpenPaiBench {
    private OpenPaiBench() {}

    public static void main(String[] args) throws Exception {
        int trials = argument(args, 0, 40);
        int files = argument(args, 1, 50);
        Path temp = Files.createTempDirectory("openpai-bench");
        Path code = Files.createDirectories(temp.resolve("code"));
        for (int i = 0; i < files; i++) {
            Files.writeString(code.resolve("module" + i + ".py"), "x = " + i + "\n".repeat(200));
        }
        try (OpenPaiRig rig = new OpenPaiRig(temp.resolve("rig"))) {
            rig.server.waitingTime(Duration.ZERO);
            OpenPaiTrainingService service = new OpenPaiTrainingService(rig.settings(), "benchexp");
            List<Double> submitMs = new ArrayList<>();
            List<Double> runningMs = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                String trialId = "T" + i;
                long start = System.nanoTime();
                service.submit(new TrialLaunch("benchexp", trialId, i, "{}", "sleep 30", code, 0, Map.of()));
                submitMs.add(millisSince(start));
                while (service.poll(trialId).phase() != TrialPhase.RUNNING) {
                    Thread.sleep(1);
                }
                runningMs.add(millisSince(start));
            }
            List<Double> pollMs = new ArrayList<>();
            List<Double> bareGetMs = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest bare = HttpRequest.newBuilder(
                            URI.create(rig.server.address() + "/rest-server/api/v2/jobs/alice~sibyl-benchexp-T0"))
                    .header("Authorization", "Bearer " + OpenPaiRig.TOKEN)
                    .build();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < trials; i++) {
                    long start = System.nanoTime();
                    service.poll("T" + i);
                    pollMs.add(millisSince(start));
                    start = System.nanoTime();
                    http.send(bare, HttpResponse.BodyHandlers.ofString());
                    bareGetMs.add(millisSince(start));
                }
            }
            for (int i = 0; i < trials; i++) {
                service.cancel("T" + i);
            }
            System.out.printf(
                    "trials=%d codeFiles=%d%n"
                            + "submit (copy + POST)  median %.1f ms  p95 %.1f ms%n"
                            + "submit -> RUNNING      median %.1f ms  p95 %.1f ms%n"
                            + "poll                   median %.2f ms  p95 %.2f ms%n"
                            + "bare GET (baseline)    median %.2f ms  p95 %.2f ms%n",
                    trials,
                    files,
                    percentile(submitMs, 50),
                    percentile(submitMs, 95),
                    percentile(runningMs, 50),
                    percentile(runningMs, 95),
                    percentile(pollMs, 50),
                    percentile(pollMs, 95),
                    percentile(bareGetMs, 50),
                    percentile(bareGetMs, 95));
        }
    }

    private static int argument(String[] args, int index, int otherwise) {
        return index < args.length ? Integer.parseInt(args[index]) : otherwise;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
