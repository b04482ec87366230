package dev.sibyl.server.pool;

import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.fairshare.Machine;
import dev.sibyl.scheduler.fairshare.Pool;
import dev.sibyl.scheduler.fairshare.PoolKind;
import dev.sibyl.scheduler.fairshare.Resources;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.server.secret.ConfigSecrets;
import dev.sibyl.server.secret.SecretBox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pools trials run in. The {@code local} pool is the server's own machine, discovered at every start (unless
 * an admin has declared it by hand); others are declared by platform admins.
 */
@ApplicationScoped
public class PoolService {
    public static final String LOCAL = "local";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    @ConfigProperty(name = "sibyl.pools.local.slots", defaultValue = "0")
    int localSlots;

    @Inject
    InstantSource clock;

    void onStart(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(() -> {
            PoolEntity local = PoolEntity.findById(LOCAL);
            if (local != null && !local.discovered) {
                return; // declared by an admin: theirs to keep
            }
            if (local == null) {
                local = new PoolEntity();
                local.name = LOCAL;
                local.createdAt = clock.instant();
                local.allowedTenants = List.of();
                local.labels = Map.of();
            }
            local.kind = "local";
            local.discovered = true;
            local.machines = List.of(LocalMachine.discover(localSlots));
            local.persist();
        });
    }

    @Inject
    PoolTrainers trainers;

    @Inject
    SecretBox secrets;

    public List<PoolEntity> list() {
        return QuarkusTransaction.requiringNew().call(() -> PoolEntity.list("order by name"));
    }

    /**
     * The pools whose machines the health probe contacts: every pool but those private to an experiment that has
     * ended (or is gone). Those machines are the tenant's own, and nothing runs on them any more.
     */
    public List<PoolEntity> inUse() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<PoolEntity> out = new ArrayList<>();
            for (PoolEntity pool : PoolEntity.<PoolEntity>list("order by name")) {
                String experiment = PoolNames.experimentOf(pool);
                if (experiment != null) {
                    ExperimentEntity e = ExperimentEntity.findById(experiment);
                    if (e == null || ended(e.status)) {
                        continue;
                    }
                }
                out.add(pool);
            }
            return out;
        });
    }

    private static boolean ended(String status) {
        ExperimentStatus s = ExperimentStatus.valueOf(status);
        return s != ExperimentStatus.INITIALIZED && !s.active();
    }

    /** @throws ProblemException 404 */
    public PoolEntity get(String name) {
        return QuarkusTransaction.requiringNew()
                .call(() -> PoolEntity.<PoolEntity>findByIdOptional(name)
                        .orElseThrow(() -> ProblemException.notFound("there is no pool '" + name + "'")));
    }

    /**
     * Why a tenant's experiment cannot name {@code name} in {@code trainingService.pool}, or null when it can: the
     * pool must exist, admit the tenant, and be of a kind this server runs trials on.
     */
    public String whyNotUsable(String name, String tenantSlug) {
        Optional<PoolEntity> found =
                QuarkusTransaction.requiringNew().call(() -> PoolEntity.<PoolEntity>findByIdOptional(name));
        if (found.isEmpty()) {
            return "there is no pool '" + name + "' (GET /api/v1/pools lists them)";
        }
        PoolEntity pool = found.get();
        if (!pool.allowedTenants.isEmpty() && !pool.allowedTenants.contains(tenantSlug)) {
            return "tenant " + tenantSlug + " may not use pool '" + name + "'";
        }
        if (!trainers.runs(pool.kind)) {
            return "pool '" + name + "' is of kind " + pool.kind + ", which this server cannot run trials on yet";
        }
        return null;
    }

    /**
     * Makes the machines of NNI's {@code platform: remote} entry a pool private to the experiment (see {@link
     * PoolNames}); call inside the transaction that stores the experiment. Secrets stay as sealed in the config.
     * GPUs not listed in {@code gpuIndices} are discovered by the pool's health probe ({@link PoolHealth}).
     */
    @SuppressWarnings("unchecked")
    public void createPrivate(
            String name, String experimentId, String tenantSlug, Map<String, Object> entry, int trialConcurrency) {
        List<PoolMachine> machines = new ArrayList<>();
        Map<String, Object> connections = new java.util.LinkedHashMap<>();
        List<Object> listed = (List<Object>) entry.get("machineList");
        // NNI spreads trials over the machine list; a share of the concurrency per machine does the same here
        int slots = Math.max(1, (trialConcurrency + listed.size() - 1) / listed.size());
        for (Object item : listed) {
            Map<String, Object> machine = new java.util.LinkedHashMap<>((Map<String, Object>) item);
            String host = String.valueOf(machine.get("host"));
            int port = machine.get("port") instanceof Integer p ? p : 22;
            String id = machine.get("name") instanceof String n ? n : host + ":" + port;
            List<Integer> gpus = machine.get("gpuIndices") instanceof List<?> indices
                    ? indices.stream().map(g -> ((Number) g).intValue()).toList()
                    : List.of();
            machines.add(new PoolMachine(id, slots, 0, 0, gpus, ""));
            machine.put("discoverGpus", !(machine.get("gpuIndices") instanceof List<?>));
            connections.put(id, machine);
        }
        PoolEntity pool = new PoolEntity();
        pool.name = name;
        pool.kind = "remote";
        pool.machines = machines;
        pool.allowedTenants = List.of(tenantSlug);
        pool.labels = Map.of(PoolNames.EXPERIMENT_LABEL, experimentId);
        Map<String, Object> connection = new java.util.LinkedHashMap<>();
        connection.put("machines", connections);
        if (entry.get("httpChannel") instanceof Boolean reachesServer) {
            connection.put("httpChannel", reachesServer);
        }
        pool.connection = (Map<String, Object>) ConfigSecrets.sealTree(connection, secrets);
        pool.discovered = true;
        pool.createdAt = clock.instant();
        pool.persist();
    }

    /** Creates or replaces a pool. */
    public PoolEntity put(String name, PoolRequest body) {
        List<FieldError> errors = check(name, body);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the pool is not valid", errors);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            PoolEntity pool = PoolEntity.findById(name);
            if (pool == null) {
                pool = new PoolEntity();
                pool.name = name;
                pool.createdAt = clock.instant();
            }
            pool.kind = body.kind().toLowerCase(Locale.ROOT);
            pool.machines = List.copyOf(body.machines());
            pool.allowedTenants = body.allowedTenants() == null ? List.of() : List.copyOf(body.allowedTenants());
            pool.labels = body.labels() == null ? Map.of() : Map.copyOf(body.labels());
            pool.connection = connection(body, pool.connection);
            pool.discovered = false;
            pool.persist();
            return pool;
        });
    }

    public void delete(String name) {
        boolean deleted = QuarkusTransaction.requiringNew().call(() -> PoolEntity.deleteById(name));
        if (!deleted) {
            throw ProblemException.notFound("there is no pool '" + name + "'");
        }
    }

    /** The pools as the scheduling core sees them, without machines {@linkplain PoolHealth#outOfService out of service}. */
    public List<Pool> forScheduler() {
        List<Pool> out = new ArrayList<>();
        for (PoolEntity p : list()) {
            List<Machine> machines = new ArrayList<>();
            for (PoolMachine m : p.machines) {
                if (p.health != null && PoolHealth.outOfService(p.health.get(m.id()))) {
                    continue;
                }
                machines.add(new Machine(
                        m.id(),
                        new Resources(m.gpuIndices().size(), m.gpuType(), m.cpuMillis(), m.memoryMb(), m.slots()),
                        m.gpuIndices()));
            }
            out.add(new Pool(
                    p.name,
                    PoolKind.valueOf(p.kind.toUpperCase(Locale.ROOT)),
                    machines,
                    Set.copyOf(p.allowedTenants),
                    p.labels));
        }
        return out;
    }

    private static List<FieldError> check(String name, PoolRequest body) {
        List<FieldError> errors = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be a lower-case letter, then up to 62 of a-z 0-9 -"));
        }
        if (body == null) {
            errors.add(new FieldError("body", "is required"));
            return errors;
        }
        Set<String> kinds = Set.of("local", "remote", "kubernetes", "openpai");
        if (body.kind() == null || !kinds.contains(body.kind().toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError("kind", "must be one of " + kinds));
        }
        if (body.machines() == null || body.machines().isEmpty()) {
            errors.add(new FieldError("machines", "must list at least one machine"));
            return errors;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < body.machines().size(); i++) {
            PoolMachine m = body.machines().get(i);
            String at = "machines[" + i + "]";
            if (m == null || m.id() == null || m.id().isBlank()) {
                errors.add(new FieldError(at + ".id", "is required"));
                continue;
            }
            if (!ids.add(m.id())) {
                errors.add(new FieldError(at + ".id", "repeats machine '" + m.id() + "'"));
            }
            if (m.slots() < 1) {
                errors.add(new FieldError(at + ".slots", "must be at least 1"));
            }
            if (m.cpuMillis() < 0 || m.memoryMb() < 0) {
                errors.add(new FieldError(at, "cpuMillis and memoryMb must not be negative"));
            }
            if (new HashSet<>(m.gpuIndices()).size() != m.gpuIndices().size()
                    || m.gpuIndices().stream().anyMatch(g -> g == null || g < 0)) {
                errors.add(new FieldError(at + ".gpuIndices", "must be distinct device indices, 0 or more"));
            }
        }
        if (errors.isEmpty()) {
            errors.addAll(PoolConnections.check(body.kind().toLowerCase(Locale.ROOT), ids, body.connection()));
        }
        return errors;
    }

    /**
     * The connection to store: secrets sealed; a secret sent back as shown ({@value ConfigSecrets#REDACTED}) keeps
     * the stored one, so an admin can change a pool from its GET answer without re-entering passwords.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> connection(PoolRequest body, Map<String, Object> stored) {
        Map<String, Object> sent = body.connection() == null ? Map.of() : body.connection();
        Map<String, Object> merged = (Map<String, Object>) PoolConnections.keepRedacted(sent, stored);
        return (Map<String, Object>) ConfigSecrets.sealTree(merged, secrets);
    }

    /** The body of {@code PUT /api/v1/pools/{name}}. */
    public record PoolRequest(
            String kind,
            List<PoolMachine> machines,
            List<String> allowedTenants,
            Map<String, String> labels,
            Map<String, Object> connection) {}
}
