package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.local.LocalPoolSettings;
import dev.sibyl.trainers.local.LocalTrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trial start latency (submit until the service reports RUNNING) of the local trainer and of the remote trainer
 * over loopback SSH on the same machine, then of the remote trainer with N trials submitted at once to one SSH
 * server. Each trial is polled every 50 ms until it reports RUNNING (or has finished already). Prints, asserts
 * nothing. Run: {@code java -cp <test classpath> dev.sibyl.trainers.remote.StartLatencyBench
 * [trials] [maxConcurrency]}.
 */
public final class StartLatencyBench {
    /** Between polls of one trial; a poll of a remote trial is itself a remote command. */
    private static final long POLL_MILLIS = 50;

    private StartLatencyBench() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int maxConcurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path root = Files.createTempDirectory("sibyl-start-latency");
        try (RemoteRig rig = new RemoteRig(root)) {
            try (LocalTrainingService local =
                    new LocalTrainingService(root.resolve("local-experiment"), LocalPoolSettings.defaults())) {
                report("local", sequential(local, rig, "locl0001", trials));
            }
            try (RemoteTrainingService remote =
                    new RemoteTrainingService("remo0001", List.of(rig.machineA()), RemoteRig.settings())) {
                report("remote (loopback SSH)", sequential(remote, rig, "remo0001", trials));
            }
            for (int n = 1; n <= maxConcurrency; n *= 2) {
                String experiment = String.format("conc%04d", n);
                try (RemoteTrainingService remote =
                        new RemoteTrainingService(experiment, List.of(rig.machineA()), RemoteRig.settings())) {
                    start(remote, rig, experiment, "warm0"); // code and SDK upload, SSH session
                    report("remote, " + n + " submitted at once", concurrent(remote, rig, experiment, n));
                    for (int i = 0; i < n; i++) {
                        remote.cancel(String.format("c%04d", i));
                    }
                }
            }
        }
    }

    private static List<Double> sequential(TrainingService service, RemoteRig rig, String experiment, int trials)
            throws Exception {
        start(service, rig, experiment, "warm0");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            millis.add(start(service, rig, experiment, String.format("s%04d", i)));
        }
        return millis;
    }

    private static List<Double> concurrent(TrainingService service, RemoteRig rig, String experiment, int n)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String trialId = String.format("c%04d", i);
                futures.add(pool.submit(() -> start(service, rig, experiment, trialId, "sleep 30")));
            }
            List<Double> millis = new ArrayList<>();
            for (Future<Double> future : futures) {
                millis.add(future.get());
            }
            return millis;
        } finally {
            pool.shutdown();
        }
    }

    private static double start(TrainingService service, RemoteRig rig, String experiment, String trialId)
            throws Exception {
        return start(service, rig, experiment, trialId, "true");
    }

    private static double start(
            TrainingService service, RemoteRig rig, String experiment, String trialId, String command)
            throws Exception {
        TrialLaunch launch = new TrialLaunch(experiment, trialId, 0, "{}", command, rig.code, null, Map.of());
        long begin = System.nanoTime();
        service.submit(launch);
        while (true) {
            TrialPhase phase = service.poll(trialId).phase();
            if (phase == TrialPhase.RUNNING || phase.finished()) {
                return (System.nanoTime() - begin) / 1e6;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(
                "%-32s n=%3d  median %7.1f ms  p90 %7.1f ms  max %7.1f ms%n",
                what,
                sorted.size(),
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.9))),
                sorted.get(sorted.size() - 1));
    }
}
