package dev.sibyl.tuner.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.tuner.sandbox.verify.TestJars;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins run in real host JVMs: a well-behaved one serves proposals over the protocol; one that loops, hoards
 * memory or recurses without end is stopped at its limit and reported by name, and the next host is unaffected.
 */
class PluginHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HostLimits LIMITS =
            new HostLimits(48, 256, 1, Duration.ofSeconds(5), 1 << 16, Duration.ofMinutes(1));
    private static final String INIT = "{\"cmd\":\"init\",\"tuner\":\"Plugged\",\"seed\":3,\"classArgs\":{},"
            + "\"searchSpace\":{\"x\":{\"_type\":\"uniform\",\"_value\":[2,3]}}}";

    @TempDir
    Path dir;

    /** A plugin jar whose tuner's ask runs {@code askBody} (may use {@code space}, {@code history}, {@code count}). */
    private Path plugin(String name, String helpers, String askBody) throws IOException {
        Map<String, byte[]> classes =
                TestJars.compile(Map.of("com.acme.Plugged", """
                package com.acme;
                import dev.sibyl.tuner.spi.*;
                import dev.sibyl.tuner.spi.space.SearchSpace;
                import java.util.*;
                public final class Plugged implements TunerFactory {
                    public String name() { return "Plugged"; }
                    public List<Violation> validate(Settings classArgs, SearchSpace space) { return List.of(); }
                    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
                        return (history, count) -> {
                """ + askBody + """
                        };
                    }
                """ + helpers + "\n}\n"));
        Map<String, byte[]> entries = new LinkedHashMap<>(classes);
        entries.put("META-INF/services/dev.sibyl.tuner.spi.TunerFactory", "com.acme.Plugged\n".getBytes());
        return TestJars.jar(dir, name, entries);
    }

    private static PluginHost host(String name, Path jar) {
        return PluginHost.start(name, jar, System.getProperty("java.class.path"), LIMITS);
    }

    @Test
    void aWellBehavedPluginServesProposalsInsideTheSpace() throws Exception {
        Path jar = plugin("golden", "", """
                SplittableRandom rng = new SplittableRandom(seed + history.observations().size());
                List<Map<String, Object>> out = new ArrayList<>();
                for (int i = 0; i < count; i++) { out.add(space.sample(rng)); }
                return out;
                """);
        try (PluginHost host = host("golden", jar)) {
            assertThat(host.call(INIT, 1)).containsExactly("{\"ok\":true}");
            List<String> asked = host.call("{\"cmd\":\"ask\",\"n\":3}", 3);
            for (String line : asked) {
                JsonNode proposal = JSON.readTree(line);
                assertThat(proposal.path("params").path("x").asDouble()).isBetween(2.0, 3.0);
            }
            long id = JSON.readTree(asked.get(0)).path("id").asLong();
            assertThat(host.call("{\"cmd\":\"tell\",\"id\":" + id + ",\"value\":0.5}", 1))
                    .containsExactly("{\"ok\":true}");
            assertThat(host.alive()).isTrue();
        }
    }

    @Test
    void aSessionThatSpendsMoreCpuThanItsBudgetIsStopped() throws Exception {
        // A fixed amount of work (about 2.5 s of CPU), not a wall-clock spin: a loaded machine gives less CPU.
        Path jar = plugin("burner", "", """
                long v = seed;
                for (long i = 0; i < 2_500_000_000L; i++) { v = v * 6364136223846793005L + 1442695040888963407L; }
                return List.of(Map.of("x", 2.0 + (v & 1)));
                """);
        HostLimits budget = new HostLimits(48, 256, 1, Duration.ofSeconds(60), 1 << 16, Duration.ofSeconds(1));
        PluginHost host = PluginHost.start("burner", jar, HostClasspath.current(), budget);
        host.call(INIT, 1);
        host.startSession(); // the JVM's own start-up is not the session's
        assertThatThrownBy(() -> host.call("{\"cmd\":\"ask\",\"n\":1}", 1))
                .isInstanceOf(PluginHostException.class)
                .hasMessageContaining("plugin burner")
                .hasMessageContaining("budget of 1 s")
                .extracting(e -> ((PluginHostException) e).kind())
                .isEqualTo(PluginHostException.Kind.CPU_BUDGET);
        assertThat(host.alive()).isFalse();
    }

    @Test
    void anInfiniteLoopIsStoppedAtTheCallDeadline() throws Exception {
        Path jar = plugin("loop", "", "while (true) { count = count + 0; }");
        PluginHost host = host("looper", jar);
        host.call(INIT, 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> host.call("{\"cmd\":\"ask\",\"n\":1}", 1))
                .isInstanceOf(PluginHostException.class)
                .hasMessageContaining("plugin looper")
                .hasMessageContaining("deadline of 5000 ms")
                .extracting(e -> ((PluginHostException) e).kind())
                .isEqualTo(PluginHostException.Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(host.alive()).isFalse();
    }

    @Test
    void anAllocationBombHitsTheMemoryCeilingAndOnlyItsHostDies() throws Exception {
        Path bomb = plugin(
                "bomb", "", "List<long[]> keep = new ArrayList<>(); while (true) { keep.add(new long[1 << 20]); }");
        PluginHost host = host("hoarder", bomb);
        host.call(INIT, 1);
        assertThatThrownBy(() -> host.call("{\"cmd\":\"ask\",\"n\":1}", 1))
                .isInstanceOf(PluginHostException.class)
                .hasMessageContaining("plugin hoarder")
                .hasMessageContaining("memory ceiling of 48 MB");

        Path jar = plugin("fine", "", "return List.of(Map.of(\"x\", 2.5));");
        try (PluginHost next = host("fine", jar)) {
            next.call(INIT, 1);
            assertThat(next.call("{\"cmd\":\"ask\",\"n\":1}", 1).get(0)).contains("\"x\":2.5");
        }
    }

    @Test
    void deepRecursionIsContainedInItsHost() throws Exception {
        Path jar = plugin("deep", "static int down(int n) { return down(n + 1) + 1; }", "down(0); return List.of();");
        PluginHost host = host("recursive", jar);
        host.call(INIT, 1);
        List<String> answer;
        try {
            answer = host.call("{\"cmd\":\"ask\",\"n\":1}", 1);
        } catch (PluginHostException e) {
            assertThat(e).hasMessageContaining("plugin recursive");
            return;
        }
        assertThat(answer.get(0)).contains("error");
        host.close();
    }

    @Test
    void thePluginSeesNoneOfTheHostsLibraries() throws Exception {
        Path jar = plugin("plain", "", "return List.of();");
        try (PluginClassLoader loader = new PluginClassLoader(jar, getClass().getClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("dev.sibyl.tuner.protocol.TunerHost"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.loadClass("dev.sibyl.tuner.spi.Tuner")).isSameAs(dev.sibyl.tuner.spi.Tuner.class);
            assertThat(loader.loadClass("com.acme.Plugged").getClassLoader()).isSameAs(loader);
            assertThat(loader.getResource("META-INF/services/dev.sibyl.tuner.spi.TunerFactory"))
                    .isNotNull();
        }
    }
}
