package dev.sibyl.server.plugin;

import dev.sibyl.tuner.sandbox.host.HostSource;
import dev.sibyl.tuner.sandbox.host.HostedTunerFactory;
import dev.sibyl.tuner.spi.Algorithms;
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
 * {@code sibyl.tuners.builtin-in-host} is set), then the tenant's own tuner plugins, each run in a sandboxed host.
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
        return base.with(pluginTuners(tenantId), List.of());
    }

    private Algorithms hostedBuiltins(long tenantId) {
        HostSource source = hosts.builtin(tenantId);
        List<TunerFactory> tuners = builtins.tuners().stream()
                .<TunerFactory>map(f -> new HostedTunerFactory(f.name(), f.aliases(), f.name(), source))
                .toList();
        return Algorithms.of(tuners, builtins.assessors());
    }

    private List<TunerFactory> pluginTuners(long tenantId) {
        List<TunerFactory> out = new ArrayList<>();
        Set<String> newestTaken = new HashSet<>();
        for (PluginEntity p : plugins.listNewestFirst(tenantId)) {
            if (!"tuner".equals(p.kind) || p.factory == null) {
                continue;
            }
            HostSource source = hosts.plugin(tenantId, p, plugins.file(p));
            String pinned = p.name + "@" + p.version;
            if (newestTaken.add(p.name)) {
                out.add(new HostedTunerFactory(p.name, List.of(pinned), p.factory, source));
            } else {
                out.add(new HostedTunerFactory(pinned, List.of(), p.factory, source));
            }
        }
        return out;
    }
}
