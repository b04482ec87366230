package dev.sibyl.tuner.sandbox.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps plugin hosts for reuse, per owner (a tenant) and per artifact (a JAR's SHA-256, or the built-ins): a host
 * is only ever handed back to the owner and artifact it was started for, so it never sees another tenant's data.
 * An owner may have at most {@code maxHostsPerOwner} hosts alive, in use or idle; idle hosts beyond {@code
 * maxIdlePerArtifact}, idle longer than {@code idleTimeout}, or dead are stopped.
 */
public final class PluginHostPool implements AutoCloseable {
    /** Which hosts may be reused for whom. */
    private record Key(String owner, String artifact) {}

    private record Idle(PluginHost host, long since) {}

    private final String classpath;
    private final HostLimits limits;
    private final int maxHostsPerOwner;
    private final int maxIdlePerArtifact;
    private final Duration idleTimeout;
    private final Map<Key, Deque<Idle>> idle = new HashMap<>();
    private final Map<PluginHost, Key> keys = new IdentityHashMap<>();
    private final Map<String, Integer> alive = new HashMap<>();
    private boolean closed;

    public PluginHostPool(
            String classpath, HostLimits limits, int maxHostsPerOwner, int maxIdlePerArtifact, Duration idleTimeout) {
        if (maxHostsPerOwner < 1 || maxIdlePerArtifact < 0) {
            throw new IllegalArgumentException("a pool needs room for at least one host per owner");
        }
        this.classpath = classpath;
        this.limits = limits;
        this.maxHostsPerOwner = maxHostsPerOwner;
        this.maxIdlePerArtifact = maxIdlePerArtifact;
        this.idleTimeout = idleTimeout;
    }

    /**
     * The hosts of one plugin JAR for one owner.
     *
     * @param label names the plugin in errors
     */
    public HostSource plugin(String owner, String sha256, String label, Path jar) {
        return source(new Key(owner, sha256), () -> PluginHost.start(label, jar, classpath, limits));
    }

    /** Hosts serving the built-in algorithms for one owner. */
    public HostSource builtin(String owner) {
        return source(new Key(owner, "builtin"), () -> PluginHost.startBuiltin("built-in", classpath, limits));
    }

    /** Hosts alive for {@code owner}, in use or idle. */
    public synchronized int hosts(String owner) {
        return alive.getOrDefault(owner, 0);
    }

    private HostSource source(Key key, java.util.function.Supplier<PluginHost> start) {
        return new HostSource() {
            @Override
            public PluginHost acquire() {
                return PluginHostPool.this.acquire(key, start);
            }

            @Override
            public void release(PluginHost host) {
                PluginHostPool.this.release(host);
            }
        };
    }

    private PluginHost acquire(Key key, java.util.function.Supplier<PluginHost> start) {
        List<PluginHost> stop = new ArrayList<>();
        try {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the plugin host pool is closed");
                }
                expire(stop);
                Deque<Idle> waiting = idle.get(key);
                while (waiting != null && !waiting.isEmpty()) {
                    PluginHost host = waiting.pop().host();
                    if (host.alive()) {
                        return host;
                    }
                    forget(host);
                    stop.add(host);
                }
                if (hosts(key.owner()) >= maxHostsPerOwner && !evictIdleOf(key.owner(), stop)) {
                    throw new PluginHostException(
                            PluginHostException.Kind.CAPACITY,
                            "the tenant already runs " + maxHostsPerOwner
                                    + " plugin hosts, its limit; stop an experiment that uses a plugin");
                }
                alive.merge(key.owner(), 1, Integer::sum); // the slot is taken before the slow start
            }
        } finally {
            stop.forEach(PluginHost::close);
        }
        PluginHost host;
        try {
            host = start.get();
        } catch (RuntimeException e) {
            synchronized (this) {
                alive.merge(key.owner(), -1, Integer::sum);
            }
            throw e;
        }
        synchronized (this) {
            keys.put(host, key);
        }
        return host;
    }

    private void release(PluginHost host) {
        boolean keep;
        synchronized (this) {
            Key key = keys.get(host);
            Deque<Idle> waiting = key == null ? null : idle.computeIfAbsent(key, k -> new ArrayDeque<>());
            keep = !closed && key != null && host.alive() && waiting.size() < maxIdlePerArtifact;
            if (keep) {
                waiting.push(new Idle(host, System.nanoTime()));
            } else if (key != null) {
                forget(host);
            }
        }
        if (!keep) {
            host.close();
        }
    }

    /** Stops one idle host of {@code owner} to make room; false when it has none. */
    private boolean evictIdleOf(String owner, List<PluginHost> stop) {
        for (Map.Entry<Key, Deque<Idle>> e : idle.entrySet()) {
            if (e.getKey().owner().equals(owner) && !e.getValue().isEmpty()) {
                PluginHost host = e.getValue().removeLast().host();
                forget(host);
                stop.add(host);
                return true;
            }
        }
        return false;
    }

    /** Stops hosts idle for longer than the idle timeout; call it now and then. */
    public void expireIdle() {
        List<PluginHost> stop = new ArrayList<>();
        synchronized (this) {
            expire(stop);
        }
        stop.forEach(PluginHost::close);
    }

    private void expire(List<PluginHost> stop) {
        long now = System.nanoTime();
        for (Deque<Idle> waiting : idle.values()) {
            waiting.removeIf(i -> {
                boolean old =
                        now - i.since() > idleTimeout.toNanos() || !i.host().alive();
                if (old) {
                    forget(i.host());
                    stop.add(i.host());
                }
                return old;
            });
        }
    }

    private void forget(PluginHost host) {
        Key key = keys.remove(host);
        if (key != null) {
            alive.merge(key.owner(), -1, Integer::sum);
        }
    }

    /** Stops the idle hosts; hosts in use stop when their holders release them. */
    @Override
    public void close() {
        List<PluginHost> stop = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(waiting -> waiting.forEach(i -> stop.add(i.host())));
            stop.forEach(this::forget);
            idle.clear();
        }
        stop.forEach(PluginHost::close);
    }
}
