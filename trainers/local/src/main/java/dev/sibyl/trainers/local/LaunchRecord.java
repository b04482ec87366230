package dev.sibyl.trainers.local;

import dev.sibyl.trainers.core.Placement;
import dev.sibyl.trainers.core.TrialLaunch;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A submitted launch kept in {@code .nni/launch.properties}, so a trial still waiting for GPUs when the server
 * stops is queued again by the next service instance. The parameter record lives in {@code parameter.cfg}.
 */
record LaunchRecord(TrialLaunch launch, long queuedAtMillis) {
    private static final String ENV_PREFIX = "env.";

    void write(TrialFiles files) throws IOException {
        Properties p = new Properties();
        p.setProperty("experimentId", launch.experimentId());
        p.setProperty("trialId", launch.trialId());
        p.setProperty("sequenceId", Long.toString(launch.sequenceId()));
        p.setProperty("trialCommand", launch.trialCommand());
        p.setProperty("codeDirectory", launch.codeDirectory().toString());
        if (launch.gpuNumber() != null) {
            p.setProperty("gpuNumber", launch.gpuNumber().toString());
        }
        if (launch.placement() != null) {
            p.setProperty("placement.machine", launch.placement().machine());
            p.setProperty(
                    "placement.gpus",
                    launch.placement().gpuIndices().stream()
                            .map(String::valueOf)
                            .collect(Collectors.joining(",")));
        }
        p.setProperty("queuedAt", Long.toString(queuedAtMillis));
        launch.environment().forEach((k, v) -> p.setProperty(ENV_PREFIX + k, v));
        StringWriter text = new StringWriter();
        p.store(text, "Sibyl local trial launch");
        TrialFiles.writeAtomically(files.launchFile(), text.toString());
    }

    static LaunchRecord read(TrialFiles files) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(files.launchFile(), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> environment = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(ENV_PREFIX)) {
                environment.put(key.substring(ENV_PREFIX.length()), p.getProperty(key));
            }
        }
        String gpuNumber = p.getProperty("gpuNumber");
        TrialLaunch launch = new TrialLaunch(
                required(p, "experimentId"),
                required(p, "trialId"),
                Long.parseLong(required(p, "sequenceId")),
                Files.readString(files.parameterFile(), StandardCharsets.UTF_8),
                required(p, "trialCommand"),
                Path.of(required(p, "codeDirectory")),
                gpuNumber == null ? null : Integer.valueOf(gpuNumber),
                environment);
        String placedOn = p.getProperty("placement.machine");
        if (placedOn != null) {
            String gpus = p.getProperty("placement.gpus", "");
            launch = launch.placedAt(new Placement(
                    placedOn,
                    gpus.isEmpty()
                            ? List.of()
                            : Arrays.stream(gpus.split(","))
                                    .map(Integer::valueOf)
                                    .toList()));
        }
        return new LaunchRecord(launch, Long.parseLong(required(p, "queuedAt")));
    }

    private static String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException("launch record lacks " + key);
        }
        return value;
    }
}
