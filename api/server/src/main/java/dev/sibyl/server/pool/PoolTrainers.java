package dev.sibyl.server.pool;

import dev.sibyl.config.TrainingServiceConfig;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.local.LocalPoolSettings;
import dev.sibyl.trainers.local.LocalTrainingService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens the training service an experiment's trials run on: NNI's {@code local} platform, or the pool its config
 * names ({@code platform: pool}), whose kind decides the adapter.
 */
@ApplicationScoped
public class PoolTrainers {
    private static final Set<String> KINDS = Set.of("local");

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @ConfigProperty(name = "sibyl.trial.cancel-grace-period", defaultValue = "5s")
    Duration cancelGracePeriod;

    /** Whether this server can run trials on pools of {@code kind}. */
    public boolean runs(String kind) {
        return KINDS.contains(kind);
    }

    /** How to check the machines of a pool of this kind. */
    PoolProbe probe(PoolEntity pool) {
        if ("local".equals(pool.kind)) {
            return PoolHealth.local();
        }
        return PoolHealth.unsupported("this server cannot reach pools of kind " + pool.kind + " yet");
    }

    /**
     * A training service for one experiment.
     *
     * @param pool the pool the config names, or null for NNI's {@code local} platform
     * @throws IllegalStateException when the platform or the pool's kind cannot run here
     */
    public TrainingService open(String experimentId, TrainingServiceConfig service, PoolEntity pool) {
        String kind = pool != null ? pool.kind : service.platform();
        if (!"local".equals(kind)) {
            throw new IllegalStateException("training service '" + kind + "' is not available on this server");
        }
        LocalPoolSettings settings = new LocalPoolSettings(
                service.gpuIndices(),
                service.maxTrialNumberPerGpu(),
                Boolean.TRUE.equals(service.useActiveGpu()),
                cancelGracePeriod);
        return new LocalTrainingService(home.resolve("experiments").resolve(experimentId), settings);
    }
}
