package dev.sibyl.trainers.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pods of one experiment's trials, from one informer, indexed by trial id. */
final class TrialPods implements AutoCloseable {
    private static final String BY_TRIAL = "trial";

    private final SharedIndexInformer<Pod> informer;

    TrialPods(KubernetesClient client, String namespace, Map<String, String> experimentLabels, Duration syncTimeout) {
        SharedIndexInformer<Pod> pods = client.pods()
                .inNamespace(namespace)
                .withLabels(experimentLabels)
                .runnableInformer(0);
        pods.addIndexers(Map.of(BY_TRIAL, pod -> {
            String trial = pod.getMetadata().getLabels() == null
                    ? null
                    : pod.getMetadata().getLabels().get(TrialLabels.TRIAL);
            return trial == null ? List.of() : List.of(trial);
        }));
        this.informer = Informers.start(pods, "pods in namespace " + namespace, syncTimeout);
    }

    List<Pod> of(String trialId) {
        return informer.getIndexer().byIndex(BY_TRIAL, trialId);
    }

    /**
     * The pod whose trial container decides the outcome and serves the log: the Job's pod or the Kubeflow master,
     * else TFJob's worker 0; the newest one if the controller made several.
     */
    Optional<Pod> main(String trialId) {
        List<Pod> pods = of(trialId);
        Optional<Pod> main = newest(pods.stream()
                .filter(p -> Workloads.MAIN_ROLE.equals(label(p, TrialLabels.REPLICA)))
                .toList());
        return main.isPresent()
                ? main
                : newest(pods.stream()
                        .filter(p -> "worker".equals(label(p, TrialLabels.REPLICA))
                                && "0".equals(label(p, KubeflowWorkloads.REPLICA_INDEX_LABEL)))
                        .toList());
    }

    private static Optional<Pod> newest(List<Pod> pods) {
        return pods.stream()
                .max(Comparator.comparing(
                        (Pod p) -> p.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static String label(Pod pod, String key) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    @Override
    public void close() {
        informer.close();
    }
}
