package dev.sibyl.server.pool;

import dev.sibyl.config.Sizes;
import dev.sibyl.config.TrainingServiceConfig;
import dev.sibyl.server.secret.ConfigSecrets;
import dev.sibyl.server.secret.SecretBox;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.local.LocalPoolSettings;
import dev.sibyl.trainers.local.LocalTrainingService;
import dev.sibyl.trainers.openpai.OpenPaiSettings;
import dev.sibyl.trainers.openpai.OpenPaiTrainingService;
import dev.sibyl.trainers.remote.RemoteMachine;
import dev.sibyl.trainers.remote.RemotePoolConfig;
import dev.sibyl.trainers.remote.RemotePoolSettings;
import dev.sibyl.trainers.remote.RemoteTrainingService;
import dev.sibyl.tuner.spi.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final Set<String> KINDS = Set.of("local", "openpai", "remote");

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @ConfigProperty(name = "sibyl.trial.cancel-grace-period", defaultValue = "5s")
    Duration cancelGracePeriod;

    @Inject
    PoolService pools;

    @Inject
    SecretBox secrets;

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
            default -> throw new IllegalStateException(
                    "pool '" + pool.name + "' is of kind " + pool.kind + ", which this server cannot run trials on");
        };
        return new Opened(pool.name, trainer);
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

    @SuppressWarnings("unchecked")
    private TrainingService openPai(String experimentId, PoolEntity pool) {
        Map<String, Object> connection =
                new HashMap<>((Map<String, Object>) ConfigSecrets.openTree(pool.connection, secrets));
        Object memory = connection.getOrDefault("trialMemorySize", "8gb");
        connection.putIfAbsent("trialCpuNumber", 1);
        connection.remove("openpaiConfigFile"); // server files are not read on a pool's behalf
        try {
            long mb = Sizes.megabytes(memory, "connection.trialMemorySize");
            return new OpenPaiTrainingService(
                    OpenPaiSettings.fromTrainingService(connection, (int) Math.min(mb, Integer.MAX_VALUE)),
                    experimentId);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new IllegalStateException("pool '" + pool.name + "' is not usable: " + e.getMessage(), e);
        }
    }

    private TrainingService remote(String experimentId, PoolEntity pool) {
        return new RemoteTrainingService(experimentId, remoteMachines(pool), RemotePoolSettings.defaults());
    }

    /**
     * The pool's machines with their opened credentials. Only a password or the key's text are used: the server
     * never reads key files (a tenant naming {@code ~/.ssh/id_rsa} would borrow the server's own identity).
     */
    @SuppressWarnings("unchecked")
    List<RemoteMachine> remoteMachines(PoolEntity pool) {
        Map<String, Object> connection = (Map<String, Object>) ConfigSecrets.openTree(pool.connection, secrets);
        Map<String, Object> byId = connection.get("machines") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
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
            "host", "port", "user", "password", "sshKey", "sshPassphrase", "maxTrialNumberPerGpu", "useActiveGpu",
            "pythonPath");
}
