package dev.sibyl.server.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.tuner.sandbox.host.HostClasspath;
import dev.sibyl.tuner.sandbox.host.HostLimits;
import dev.sibyl.tuner.sandbox.host.HostSource;
import dev.sibyl.tuner.sandbox.host.PluginHost;
import dev.sibyl.tuner.sandbox.host.PluginHostPool;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's plugin host JVMs: one pool, hosts kept per tenant and per JAR (or the built-ins), with the limits
 * of {@code sibyl.plugins.host.*}. Also answers, at upload, which factories a JAR serves, by asking a host of its
 * own (so a JAR's static initialisers first run there, never in the server).
 */
@ApplicationScoped
public class PluginHosts {
    @ConfigProperty(name = "sibyl.plugins.host.heap-mb", defaultValue = "64")
    int heapMegabytes;

    @ConfigProperty(name = "sibyl.plugins.host.call-deadline", defaultValue = "10s")
    Duration callDeadline;

    @ConfigProperty(name = "sibyl.plugins.host.cpu-budget", defaultValue = "30m")
    Duration cpuBudget;

    @ConfigProperty(name = "sibyl.plugins.host.max-per-tenant", defaultValue = "8")
    int maxPerTenant;

    @ConfigProperty(name = "sibyl.plugins.host.idle-timeout", defaultValue = "10m")
    Duration idleTimeout;

    @Inject
    ObjectMapper json;

    private String classpath;
    private HostLimits limits;
    private PluginHostPool pool;

    @PostConstruct
    void start() {
        classpath = HostClasspath.current();
        limits = new HostLimits(heapMegabytes, 512, 1, callDeadline, 1 << 20, cpuBudget);
        pool = new PluginHostPool(classpath, limits, maxPerTenant, 2, idleTimeout);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        pool.close();
    }

    @Scheduled(every = "60s", delayed = "60s")
    void expireIdle() {
        pool.expireIdle();
    }

    /** Hosts of one tenant's plugin JAR. */
    public HostSource plugin(long tenantId, PluginEntity plugin, Path jar) {
        return pool.plugin(
                Long.toString(tenantId),
                plugin.sha256,
                plugin.name + " " + plugin.version + " (" + plugin.kind + ")",
                jar);
    }

    /** Hosts serving the built-in algorithms to one tenant. */
    public HostSource builtin(long tenantId) {
        return pool.builtin(Long.toString(tenantId));
    }

    /** Host JVMs alive for the tenant, in use or idle. */
    public int hosts(long tenantId) {
        return pool.hosts(Long.toString(tenantId));
    }

    /**
     * The tuner and assessor names {@code jar} serves, asked of a one-off host.
     *
     * @throws dev.sibyl.tuner.sandbox.host.PluginHostException when the host breaks a limit (a hostile static
     *     initialiser, say) or does not answer
     */
    public Served describe(String label, Path jar) {
        try (PluginHost host = PluginHost.start(label, jar, classpath, limits)) {
            JsonNode answer =
                    json.readTree(host.call("{\"cmd\":\"describe\"}", 1).get(0));
            List<String> tuners = new ArrayList<>();
            answer.path("tuners").forEach(n -> tuners.add(n.asText()));
            List<String> assessors = new ArrayList<>();
            answer.path("assessors").forEach(n -> assessors.add(n.asText()));
            return new Served(tuners, assessors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the host's describe answer is not JSON", e); // the host checked it is
        }
    }

    /** What a plugin JAR serves. */
    public record Served(List<String> tuners, List<String> assessors) {}
}
