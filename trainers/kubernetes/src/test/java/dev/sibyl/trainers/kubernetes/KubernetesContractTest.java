package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.contract.TrainingServiceContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The training-service contract for Kubernetes pools, on {@link FakeCluster} (fabric8's mock API server in CRUD
 * mode standing in for the API server, a scripted kubelet running the trial commands with bash).
 *
 * <p>Declared: {@link Capability#REATTACH}. Left out, because a real cluster cannot do them either:
 * {@link Capability#LOGS} (a container log holds stdout and stderr as one stream, so STDOUT cannot exclude
 * stderr), {@link Capability#FILE_METRICS} (the pod's files are out of the server's reach; metrics come over
 * HTTP) and {@link Capability#GPUS} (GPUs are granted as {@code nvidia.com/gpu} and chosen by the device plugin,
 * so neither host GPU indices nor a placement's indices can be set).
 */
class KubernetesContractTest extends TrainingServiceContract {
    @RegisterExtension
    static final FakeClusterExtension CLUSTER = new FakeClusterExtension();

    @Override
    protected TrainingService open(String experimentId) {
        return CLUSTER.get().open(FakeCluster.pool(Map.of()), experimentId);
    }

    @Override
    protected Set<Capability> capabilities() {
        return Set.of(Capability.REATTACH);
    }
}
