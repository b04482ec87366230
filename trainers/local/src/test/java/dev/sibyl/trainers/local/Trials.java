package dev.sibyl.trainers.local;

import static org.assertj.core.api.Assertions.fail;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Test helpers: launches, waiting for states, reading logs, and process facts read independently of main code. */
final class Trials {
    static final String PARAMETERS =
            "{\"parameter_id\": 7, \"parameter_source\": \"algorithm\", \"parameters\": {\"x\": 0.5}, \"parameter_index\": 0}";

    private Trials() {}

    static TrialLaunch launch(String trialId, String command, Path code) {
        return launch(trialId, command, code, null, Map.of());
    }

    static TrialLaunch launch(
            String trialId, String command, Path code, Integer gpuNumber, Map<String, String> environment) {
        return new TrialLaunch("k3j9x0ab", trialId, 4, PARAMETERS, command, code, gpuNumber, environment);
    }

    static TrialState awaitPhase(TrainingService service, String trialId, TrialPhase phase) {
        return awaitPhase(service, trialId, phase, Duration.ofSeconds(30));
    }

    static TrialState awaitPhase(TrainingService service, String trialId, TrialPhase phase, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TrialState state = service.poll(trialId);
        while (state.phase() != phase) {
            if (System.nanoTime() > deadline) {
                fail(
                        "trial %s is %s, expected %s; stderr: %s",
                        trialId, state, phase, log(service, trialId, LogName.STDERR));
            }
            sleep(50);
            state = service.poll(trialId);
        }
        return state;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    static String log(TrainingService service, String trialId, LogName name) {
        try {
            Optional<InputStream> in = service.openLog(trialId, name);
            if (in.isEmpty()) {
                return "";
            }
            try (InputStream stream = in.get()) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether {@code pid} is a live (non-zombie) process, read straight from /proc. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
