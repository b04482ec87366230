package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.contract.TrainingServiceContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote trainer against the training-service contract, over two real SSH servers on loopback. Machine
 * {@code a} reports two GPUs through a stand-in nvidia-smi, machine {@code b} none, so GPU trials land on {@code a}
 * and their device numbers are comparable.
 */
class RemoteTrainingServiceContractTest extends TrainingServiceContract {
    @TempDir
    static Path machines;

    static RemoteRig rig;

    @BeforeAll
    static void startMachines() throws IOException {
        rig = new RemoteRig(machines);
        rig.gpus("a", 2);
    }

    @AfterAll
    static void stopMachines() throws IOException {
        rig.close();
    }

    @Override
    protected TrainingService open(String experimentId) {
        return rig.open(experimentId);
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
