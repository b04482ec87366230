package dev.sibyl.server.pool;

import dev.sibyl.config.Sizes;
import dev.sibyl.config.TrainingServiceConfig;
import dev.sibyl.server.archive.CodeLinks;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.secret.ConfigSecrets;
import dev.sibyl.server.secret.SecretBox;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.kubernetes.KubernetesPoolSettings;
import dev.sibyl.trainers.kubernetes.KubernetesTrainingService;
import dev.sibyl.trainers.local.LocalPoolSettings;
import dev.sibyl.trainers.local.LocalTrainingService;
import dev.sibyl.trainers.openpai.OpenPaiProbe;
import dev.sibyl.trainers.openpai.OpenPaiSettings;
import dev.sibyl.trainers.openpai.OpenPaiTrainingService;
import dev.sibyl.trainers.remote.RemoteMachine;
import dev.sibyl.trainers.remote.RemotePoolConfig;
import dev.sibyl.trainers.remote.RemotePoolSettings;
import dev.sibyl.trainers.remote.RemoteTrainingService;
import dev.sibyl.tuner.spi.InvalidInputException;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens the training service an experiment's trials run on: NNI's {@code local} platform, or the pool an entry of
 * its config names ({@code platform: pool}), whose kind decides the adapter and whose {@code connection} (secrets
 * opened here, nowhere else) configures it.
 */
@ApplicationScoped
public class PoolTrainers {
    private static final Set<String> KINDS = Set.of("local", "openpai", "remote", "kubernetes");
    /** How the server reaches the cluster; the rest of a kubernetes pool's connection is its pod settings. */
    private static final Set<String> CLUSTER_ACCESS = Set.of("masterUrl", "token", "caCertData", "trustCerts");

    /** One client per cluster access (they are thread-safe and hold connection pools and watches). */
    private final Map<Map<String, Object>, KubernetesClient> clusters = new java.util.concurrent.ConcurrentHashMap<>();

    @ConfigProperty(name = "sibyl.home")
    Path home;

    /** How long an SSH machine may stay unreachable before its trials are lost and queued again elsewhere. */
    @ConfigProperty(name = "sibyl.remote.unhealthy-after", defaultValue = "2m")
    Duration remoteUnhealthyAfter;

    @ConfigProperty(name = "sibyl.trial.cancel-grace-period", defaultValue = "5s")
    Duration cancelGracePeriod;

    @Inject
    PoolService pools;

    @Inject
    SecretBox secrets;

    @Inject
    CodeLinks codeLinks;

    /** A pool's training service for one experiment. */
    public record Opened(String pool, TrainingService service) {}

    /** Whether this server can run trials on pools of {@code kind}. */
    public boolean runs(String kind) {
        return KINDS.contains(kind);
    }

    /** How to check the machines of a pool of this kind. */
    PoolProbe probe(PoolEntity pool) {
        if ("local".equals(pool.kind)) {
            return PoolHealth.local();
        }
        if ("remote".equals(pool.kind)) {
            return (p, previous, now) -> RemoteProbe.probe(remoteMachines(p), previous, now);
        }
        if ("openpai".equals(pool.kind)) {
            return PoolHealth.eachMachine(p -> OpenPaiProbe.check(openPaiSettings(p)));
        }
        if ("kubernetes".equals(pool.kind)) {
            return PoolHealth.eachMachine(this::checkNamespace);
        }
        return PoolHealth.unsupported("this server does not probe pools of kind " + pool.kind + " yet");
    }

    /**
     * The training service of one {@code trainingService} entry of an experiment.
     *
     * @param index the entry's position in a hybrid list, or -1 for a single entry
     * @throws IllegalStateException when the platform or the pool's kind cannot run here
     */
    public Opened open(String experimentId, TrainingServiceConfig service, int index) {
        String name = PoolNames.of(experimentId, service.platform(), service.pool(), index);
        if (PoolService.LOCAL.equals(name) && !"pool".equals(service.platform())) {
            return new Opened(name, local(experimentDirectory(experimentId, name), service));
        }
        PoolEntity pool = pools.get(name);
        Path directory = experimentDirectory(experimentId, pool.name);
        TrainingService trainer = switch (pool.kind) {
            case "local" -> local(directory, service);
            case "openpai" -> openPai(experimentId, pool);
            case "remote" -> remote(experimentId, pool);
            case "kubernetes" -> kubernetes(experimentId, pool);
            default ->
                throw new IllegalStateException("pool '" + pool.name + "' is of kind " + pool.kind
                        + ", which this server cannot run trials on");
        };
        boolean httpChannel = !Boolean.FALSE.equals(pool.connection.get("httpChannel"))
                && !Boolean.FALSE.equals(service.settings().get("httpChannel"));
        return new Opened(pool.name, httpChannel ? trainer : new FileChannelOnly(trainer));
    }

    /** The local pool keeps the spine's layout; other pools of an experiment get their own directory. */
    private Path experimentDirectory(String experimentId, String pool) {
        Path experiment = home.resolve("experiments").resolve(experimentId);
        return PoolService.LOCAL.equals(pool)
                ? experiment
                : experiment.resolve("pools").resolve(pool);
    }

    private TrainingService local(Path directory, TrainingServiceConfig service) {
        LocalPoolSettings settings = new LocalPoolSettings(
                service.gpuIndices(),
                service.maxTrialNumberPerGpu(),
                Boolean.TRUE.equals(service.useActiveGpu()),
                cancelGracePeriod);
        return new LocalTrainingService(directory, settings);
    }

    private TrainingService openPai(String experimentId, PoolEntity pool) {
        return new OpenPaiTrainingService(openPaiSettings(pool), experimentId);
    }

    @SuppressWarnings("unchecked")
    private OpenPaiSettings openPaiSettings(PoolEntity pool) {
        Map<String, Object> connection =
                new HashMap<>((Map<String, Object>) ConfigSecrets.openTree(pool.connection, secrets));
        Object memory = connection.getOrDefault("trialMemorySize", "8gb");
        connection.putIfAbsent("trialCpuNumber", 1);
        connection.remove("openpaiConfigFile"); // server files are not read on a pool's behalf
        try {
            long mb = Sizes.megabytes(memory, "connection.trialMemorySize");
            return OpenPaiSettings.fromTrainingService(connection, (int) Math.min(mb, Integer.MAX_VALUE));
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new IllegalStateException("pool '" + pool.name + "' is not usable: " + e.getMessage(), e);
        }
    }

    private TrainingService remote(String experimentId, PoolEntity pool) {
        return new RemoteTrainingService(
                experimentId,
                remoteMachines(pool),
                RemotePoolSettings.defaults().withUnhealthyAfter(remoteUnhealthyAfter));
    }

    /**
     * The pool's machines with their opened credentials. Only a password or the key's text are used: the server
     * never reads key files (a tenant naming {@code ~/.ssh/id_rsa} would borrow the server's own identity).
     */
    @SuppressWarnings("unchecked")
    List<RemoteMachine> remoteMachines(PoolEntity pool) {
        Map<String, Object> connection = (Map<String, Object>) ConfigSecrets.openTree(pool.connection, secrets);
        Map<String, Object> byId =
                connection.get("machines") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<RemoteMachine> machines = new ArrayList<>();
        for (PoolMachine machine : pool.machines) {
            Map<String, Object> entry = new HashMap<>();
            if (byId.get(machine.id()) instanceof Map<?, ?> settings) {
                settings.forEach((k, v) -> {
                    if (REMOTE_FIELDS.contains(String.valueOf(k))) {
                        entry.put(String.valueOf(k), v);
                    }
                });
            }
            if (entry.get("password") == null && entry.get("sshKey") == null) {
                throw new IllegalStateException(
                        "pool '" + pool.name + "', machine " + machine.id() + ": no password or sshKey to log in with");
            }
            entry.put("name", machine.id());
            if (!machine.gpuIndices().isEmpty()) {
                entry.put("gpuIndices", machine.gpuIndices());
            }
            try {
                machines.add(RemotePoolConfig.machine(entry, "pool " + pool.name + " machine " + machine.id()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return machines;
    }

    private static final Set<String> REMOTE_FIELDS = Set.of(
            "host",
            "port",
            "user",
            "password",
            "sshKey",
            "sshPassphrase",
            "maxTrialNumberPerGpu",
            "useActiveGpu",
            "pythonPath");

    /**
     * A Kubernetes pool: {@code masterUrl} and {@code token} (and {@code caCertData} or {@code trustCerts}) reach
     * the cluster, or the server's own in-cluster service account when {@code masterUrl} is absent; the other
     * keys are the pods' settings. Trial pods fetch the code through a signed link to this server.
     */
    private TrainingService kubernetes(String experimentId, PoolEntity pool) {
        Cluster cluster = cluster(pool);
        return new KubernetesTrainingService(
                cluster.client(),
                cluster.settings(),
                tenantOf(experimentId),
                experimentId,
                (launch, validFor) -> codeLinks.signedUrl(launch.experimentId(), validFor),
                InstantSource.system());
    }

    /** Lists the pool's pods in its namespace: the call every trial's status depends on. */
    private void checkNamespace(PoolEntity pool) {
        Cluster cluster = cluster(pool);
        try {
            cluster.client().pods().inNamespace(cluster.settings().namespace()).list();
        } catch (RuntimeException e) {
            throw new IllegalStateException("namespace " + cluster.settings().namespace() + ": " + e.getMessage(), e);
        }
    }

    private record Cluster(KubernetesClient client, KubernetesPoolSettings settings) {}

    @SuppressWarnings("unchecked")
    private Cluster cluster(PoolEntity pool) {
        Map<String, Object> connection = (Map<String, Object>) ConfigSecrets.openTree(pool.connection, secrets);
        Map<String, Object> access = new HashMap<>();
        Map<String, Object> pods = new HashMap<>();
        connection.forEach((k, v) -> {
            if (!"httpChannel".equals(k)) {
                (CLUSTER_ACCESS.contains(k) ? access : pods).put(k, v);
            }
        });
        KubernetesPoolSettings settings;
        try {
            settings = KubernetesPoolSettings.parse(pods);
        } catch (RuntimeException e) {
            throw new IllegalStateException("pool '" + pool.name + "' is not usable: " + e.getMessage(), e);
        }
        return new Cluster(clusters.computeIfAbsent(Map.copyOf(access), PoolTrainers::client), settings);
    }

    private static KubernetesClient client(Map<String, Object> access) {
        if (!(access.get("masterUrl") instanceof String master)) {
            return new KubernetesClientBuilder().build(); // in-cluster: the pod's service account
        }
        ConfigBuilder config = new ConfigBuilder().withMasterUrl(master);
        if (access.get("token") instanceof String token) {
            config.withOauthToken(token);
        }
        if (access.get("caCertData") instanceof String ca) {
            config.withCaCertData(ca);
        }
        config.withTrustCerts(Boolean.TRUE.equals(access.get("trustCerts")));
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }

    private static String tenantOf(String experimentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ExperimentEntity e = ExperimentEntity.findById(experimentId);
            Tenant t = e == null ? null : Tenant.findById(e.tenantId);
            return t == null ? "unknown" : t.slug;
        });
    }
}
