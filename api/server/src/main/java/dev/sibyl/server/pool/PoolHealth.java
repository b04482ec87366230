package dev.sibyl.server.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Probes every pool's machines periodically ({@code sibyl.pools.health-interval}, 30 s) and keeps the answer in
 * the pool's {@code health}: per machine reachable or not, the GPUs seen, the last error and the last contact.
 * The machines of a pool private to an experiment are left alone once the experiment has ended.
 */
@ApplicationScoped
public class PoolHealth {
    private static final Logger LOG = Logger.getLogger(PoolHealth.class);

    @Inject
    PoolService pools;

    @Inject
    PoolTrainers trainers;

    @Inject
    InstantSource clock;

    @Inject
    ObjectMapper json;

    @Scheduled(
            every = "${sibyl.pools.health-interval:30s}",
            delay = 2,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeAll() {
        for (PoolEntity pool : pools.inUse()) {
            try {
                probe(pool.name);
            } catch (RuntimeException e) {
                LOG.warnf("probing pool %s failed: %s", pool.name, e.getMessage());
            }
        }
    }

    /** Probes a pool in the background, soon (a new private pool learns its machines' GPUs this way). */
    public void probeSoon(String name) {
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                probe(name);
            } catch (RuntimeException e) {
                LOG.warnf("probing pool %s failed: %s", name, e.getMessage());
            }
        });
    }

    /** Probes one pool now and stores the result. */
    public Map<String, MachineHealth> probe(String name) {
        PoolEntity pool = pools.get(name);
        Map<String, MachineHealth> previous = read(pool.health);
        Instant now = clock.instant();
        Map<String, MachineHealth> health = trainers.probe(pool).probe(pool, previous, now);
        Map<String, Object> stored = new LinkedHashMap<>();
        health.forEach((id, h) -> stored.put(id, json.convertValue(h, Map.class)));
        QuarkusTransaction.requiringNew().run(() -> {
            PoolEntity fresh = PoolEntity.findById(name);
            if (fresh != null) {
                fresh.health = stored;
                fresh.machines = withDiscoveredGpus(fresh, health);
            }
        });
        return health;
    }

    /**
     * Machines whose GPUs the config left to discovery ({@code discoverGpus} in their connection, as in NNI's
     * remote machines without {@code gpuIndices}) take the GPUs their last successful probe saw.
     */
    @SuppressWarnings("unchecked")
    private static List<PoolMachine> withDiscoveredGpus(PoolEntity pool, Map<String, MachineHealth> health) {
        Map<String, Object> byId =
                pool.connection.get("machines") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return pool.machines.stream()
                .map(m -> {
                    MachineHealth h = health.get(m.id());
                    boolean discover =
                            byId.get(m.id()) instanceof Map<?, ?> c && Boolean.TRUE.equals(c.get("discoverGpus"));
                    if (!discover || h == null || !h.reachable()) {
                        return m;
                    }
                    return new PoolMachine(m.id(), m.slots(), m.cpuMillis(), m.memoryMb(), h.gpus(), m.gpuType());
                })
                .toList();
    }

    /**
     * Whether the scheduler should place nothing on a machine, given its stored health: it answered once and does
     * not any more (its trials are lost by their trainer and queued again, and must not come back to it). A machine
     * never reached stays in: its trials then fail with the reason (wrong credentials, say) instead of waiting.
     */
    static boolean outOfService(Object stored) {
        return stored instanceof Map<?, ?> h
                && Boolean.FALSE.equals(h.get("reachable"))
                && h.get("lastContact") != null;
    }

    private Map<String, MachineHealth> read(Map<String, Object> stored) {
        Map<String, MachineHealth> out = new HashMap<>();
        if (stored != null) {
            stored.forEach((id, h) -> {
                try {
                    out.put(id, json.convertValue(h, MachineHealth.class));
                } catch (IllegalArgumentException ignored) {
                    // written by an older server: probed afresh
                }
            });
        }
        return out;
    }

    /** A probe for pools whose machines are this server itself: always reachable, GPUs from nvidia-smi. */
    static PoolProbe local() {
        return (pool, previous, now) -> {
            Map<String, MachineHealth> out = new LinkedHashMap<>();
            List<Integer> gpus = LocalMachine.gpus();
            for (PoolMachine m : pool.machines) {
                out.put(m.id(), new MachineHealth(true, gpus, null, now, now));
            }
            return out;
        };
    }

    /** A probe that reports every machine unreachable for {@code reason}. */
    static PoolProbe unsupported(String reason) {
        return (pool, previous, now) -> {
            Map<String, MachineHealth> out = new LinkedHashMap<>();
            for (PoolMachine m : pool.machines) {
                MachineHealth before = previous.get(m.id());
                out.put(
                        m.id(),
                        new MachineHealth(false, List.of(), reason, now, before == null ? null : before.lastContact()));
            }
            return out;
        };
    }

    /**
     * A probe for pools reached through one endpoint (a Kubernetes namespace, an OpenPAI cluster): {@code check}
     * throws when it cannot get through; every machine of the pool shares the answer. GPUs are the pool's own.
     */
    static PoolProbe eachMachine(java.util.function.Consumer<PoolEntity> check) {
        return (pool, previous, now) -> {
            String error = null;
            try {
                check.accept(pool);
            } catch (RuntimeException e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            Map<String, MachineHealth> out = new LinkedHashMap<>();
            for (PoolMachine m : pool.machines) {
                MachineHealth before = previous.get(m.id());
                Instant contact = error == null ? now : before == null ? null : before.lastContact();
                out.put(m.id(), new MachineHealth(error == null, m.gpuIndices(), error, now, contact));
            }
            return out;
        };
    }
}
