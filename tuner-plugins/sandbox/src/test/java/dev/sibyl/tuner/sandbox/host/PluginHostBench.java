package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.sandbox.verify.TestJars;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plugin host cost (docs/benchmarks/sandbox.md): host start time (process launch to the first answered
 * {@code init}), and one propose (ask + tell) through a warm host against the same plugin called in-process.
 * Run: {@code mvn -q -pl tuner-plugins/sandbox -am test-compile} then
 * {@code java -cp "$(cat tuner-plugins/sandbox/target/bench.classpath)" dev.sibyl.tuner.sandbox.host.PluginHostBench}.
 */
public final class PluginHostBench {
    private PluginHostBench() {}

    public static void main(String[] args) throws Exception {
        int proposals = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("plugin-bench");
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.compile(Map.of("com.acme.Plugged", """
                package com.acme;
                import dev.sibyl.tuner.spi.*;
                import dev.sibyl.tuner.spi.space.SearchSpace;
                import java.util.*;
                public final class Plugged implements TunerFactory {
                    public String name() { return "Plugged"; }
                    public List<Violation> validate(Settings a, SearchSpace s) { return List.of(); }
                    public Tuner create(Settings a, SearchSpace space, long seed) {
                        return (history, count) -> {
                            SplittableRandom rng = new SplittableRandom(seed + history.observations().size());
                            List<Map<String, Object>> out = new ArrayList<>();
                            for (int i = 0; i < count; i++) { out.add(space.sample(rng)); }
                            return out;
                        };
                    }
                }
                """)));
        entries.put("META-INF/services/dev.sibyl.tuner.spi.TunerFactory", "com.acme.Plugged\n".getBytes());
        Path jar = TestJars.jar(dir, "plugged", entries);
        String classpath = System.getProperty("java.class.path");
        String init = "{\"cmd\":\"init\",\"tuner\":\"Plugged\",\"seed\":3,\"classArgs\":{},"
                + "\"searchSpace\":{\"x\":{\"_type\":\"uniform\",\"_value\":[0,1]}}}";

        // 1. Start time.
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t = System.nanoTime();
            try (PluginHost host = PluginHost.start("bench", jar, classpath, HostLimits.DEFAULT)) {
                host.call(init, 1);
                starts.add((System.nanoTime() - t) / 1e6);
            }
        }
        starts.remove(0);
        double start =
                starts.stream().mapToDouble(Double::doubleValue).average().orElseThrow();

        // 2. One propose through a warm host.
        double viaHost;
        try (PluginHost host = PluginHost.start("bench", jar, classpath, HostLimits.DEFAULT)) {
            host.call(init, 1);
            viaHost = proposeMicros(host, proposals / 4) * 0 + proposeMicros(host, proposals);
        }

        // 3. The same plugin in-process (same class loader isolation, no process boundary).
        double inProcess;
        try (PluginClassLoader loader = new PluginClassLoader(jar, PluginHostBench.class.getClassLoader())) {
            SearchSpace space = SearchSpace.parse(Map.of("x", Map.of("_type", "uniform", "_value", List.of(0, 1))));
            Tuner tuner = Algorithms.load(loader).tuner("Plugged").orElseThrow().create(Settings.empty(), space, 3);
            List<Observation> history = new ArrayList<>();
            inProcess = inProcessMicros(tuner, history, proposals / 4) * 0 + inProcessMicros(tuner, history, proposals);
        }
        // 4. What an experiment pays once its tenant's host is pooled: take the idle host and start a session.
        // 5. One propose through the SPI as the server makes it: HostedTuner on a pooled host, sending deltas.
        double pooledSession;
        double viaHostedTuner;
        try (PluginHostPool pool = new PluginHostPool(classpath, HostLimits.DEFAULT, 2, 1, Duration.ofMinutes(5))) {
            HostSource source = pool.plugin("bench-tenant", "bench-sha", "bench", jar);
            source.release(source.acquire());
            int sessions = 200;
            long t = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                PluginHost host = source.acquire();
                host.call(init, 1);
                source.release(host);
            }
            pooledSession = (System.nanoTime() - t) / 1e3 / sessions;
            try (HostedTuner tuner = new HostedTuner(
                    source, "Plugged", Map.of("x", Map.of("_type", "uniform", "_value", List.of(0, 1))), Map.of(), 3)) {
                List<Observation> history = new ArrayList<>();
                inProcessMicros(tuner, history, proposals / 4);
                viaHostedTuner = inProcessMicros(tuner, history, proposals);
            }
        }
        System.out.printf(Locale.ROOT, "host start (launch to first answer), mean of 5: %.0f ms%n", start);
        System.out.printf(
                Locale.ROOT,
                "new session on a pooled host (acquire + init + release), mean of 200: %.0f us%n",
                pooledSession);
        System.out.printf(
                Locale.ROOT,
                "propose through HostedTuner on a pooled host (tell delta + ask): %.1f us; ratio to in-process %.0fx%n",
                viaHostedTuner,
                viaHostedTuner / inProcess);
        System.out.printf(
                Locale.ROOT,
                "propose through a warm host: %.1f us; in-process: %.1f us; ratio %.0fx%n",
                viaHost,
                inProcess,
                viaHost / inProcess);
        System.out.println(
                "default call deadline: " + HostLimits.DEFAULT.callDeadline().toMillis() + " ms; "
                        + Duration.ofMillis(Math.round(start)) + " to start");
    }

    private static double proposeMicros(PluginHost host, int n) {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String asked = host.call("{\"cmd\":\"ask\",\"n\":1}", 1).get(0);
            String id = asked.substring(asked.indexOf("\"id\":") + 5, asked.indexOf(','));
            host.call("{\"cmd\":\"tell\",\"id\":" + id + ",\"value\":0.5}", 1);
        }
        return (System.nanoTime() - t) / 1e3 / n;
    }

    private static double inProcessMicros(Tuner tuner, List<Observation> history, int n) {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = tuner.ask(new History(history), 1).get(0);
            history.add(Observation.succeeded(history.size(), p, 0.5));
        }
        return (System.nanoTime() - t) / 1e3 / n;
    }
}
