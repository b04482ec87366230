package dev.sibyl.server.plugin;

import dev.sibyl.tuner.sandbox.host.HostSource;
import dev.sibyl.tuner.sandbox.host.HostedAssessorFactory;
import dev.sibyl.tuner.sandbox.host.HostedTunerFactory;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.TunerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tuners and assessors one tenant's configs may name: the built-in ones (in-process, or in plugin hosts when
 * {@code sibyl.tuners.builtin-in-host} is set), then the tenant's own tuner and assessor plugins, each run in a
 * sandboxed host.
 * A plugin is named by its upload name (its newest version) or {@code name@version} (that version).
 */
@ApplicationScoped
public class TenantAlgorithms {
    @Inject
    Algorithms builtins;

    @Inject
    PluginService plugins;

    @Inject
    PluginHosts hosts;

    @ConfigProperty(name = "sibyl.tuners.builtin-in-host", defaultValue = "false")
    boolean builtinInHost;

    public Algorithms of(long tenantId) {
        Algorithms base = builtinInHost ? hostedBuiltins(tenantId) : builtins;
        List<TunerFactory> tuners = new ArrayList<>();
        List<AssessorFactory> assessors = new ArrayList<>();
        Set<String> newestTaken = new HashSet<>();
        for (PluginEntity p : plugins.listNewestFirst(tenantId)) {
            if (p.factory == null) {
                continue;
            }
            HostSource source = hosts.plugin(tenantId, p, plugins.file(p));
            String pinned = p.name + "@" + p.version;
            boolean newest = newestTaken.add(p.kind + "/" + p.name);
            String name = newest ? p.name : pinned;
            List<String> aliases = newest ? List.of(pinned) : List.of();
            if ("tuner".equals(p.kind)) {
                tuners.add(new HostedTunerFactory(name, aliases, p.factory, source));
            } else if ("assessor".equals(p.kind)) {
                assessors.add(new HostedAssessorFactory(name, aliases, p.factory, source));
            }
        }
        return base.with(tuners, assessors);
    }

    private Algorithms hostedBuiltins(long tenantId) {
        HostSource source = hosts.builtin(tenantId);
        List<TunerFactory> tuners = builtins.tuners().stream()
                .<TunerFactory>map(f -> new HostedTunerFactory(f.name(), f.aliases(), f.name(), source))
                .toList();
        List<AssessorFactory> assessors = builtins.assessors().stream()
                .<AssessorFactory>map(f -> new HostedAssessorFactory(f.name(), f.aliases(), f.name(), source))
                .toList();
        return Algorithms.of(tuners, assessors);
    }
}
