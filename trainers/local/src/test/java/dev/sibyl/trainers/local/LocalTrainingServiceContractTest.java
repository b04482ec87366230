package dev.sibyl.trainers.local;

import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.contract.TrainingServiceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The local trainer against the training-service contract, with two GPUs from a stand-in nvidia-smi. */
class LocalTrainingServiceContractTest extends TrainingServiceContract {
    private static final LocalPoolSettings SETTINGS = new LocalPoolSettings(null, 1, false, Duration.ofSeconds(2));

    @Override
    protected TrainingService open(String experimentId) {
        try {
            FakeNvidiaSmi gpus = new FakeNvidiaSmi(contractTemp.resolve("nvidia")).gpus(gpuCount());
            return new LocalTrainingService(
                    contractTemp.resolve("experiments").resolve(experimentId), SETTINGS, gpus.environment());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    protected int gpuCount() {
        return 2;
    }
}
