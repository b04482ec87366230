package dev.sibyl.trainers.openpai;

import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.contract.TrainingServiceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The OpenPAI adapter against the training-service contract, on a {@link FakeOpenPaiServer} whose job runner runs
 * the trial commands with bash. GPUS is not claimed: OpenPAI places a job's GPUs itself, so a scheduler placement
 * cannot be honoured and CUDA_VISIBLE_DEVICES is the cluster's business.
 */
class OpenPaiTrainingServiceContractTest extends TrainingServiceContract {
    private OpenPaiRig rig;

    @Override
    protected TrainingService open(String experimentId) {
        try {
            if (rig == null) {
                rig = new OpenPaiRig(contractTemp.resolve("openpai"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OpenPaiTrainingService(rig.settings(), experimentId);
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.LOGS, Capability.FILE_METRICS, Capability.REATTACH);
    }

    @AfterEach
    void stopTheCluster() {
        if (rig != null) {
            rig.close();
        }
    }
}
