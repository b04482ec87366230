package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PyTorchJob or TFJob ({@code kubeflow.org}, the training operator) per trial, handled as generic resources so
 * that no CRD model is compiled in. PyTorchJob: one Master (the trial's main pod) and {@code workerReplicas}
 * Workers; TFJob: {@code workerReplicas} Workers (worker 0 is the main pod) and {@code psReplicas} parameter
 * servers. Every replica runs the trial command; the operators set up the distributed environment.
 */
final class KubeflowWorkloads extends Workloads<GenericKubernetesResource> {
    static final String REPLICA_INDEX_LABEL = "training.kubeflow.org/replica-index";

    private final KubernetesClient client;
    private final KubernetesPoolSettings pool;

    /**
     * Lists and watches the experiment's jobs of the pool's operator; a cluster without that operator's CRD (or
     * another {@code apiVersion}) answers 404, reported as REJECTED with what to check.
     */
    static KubeflowWorkloads open(
            KubernetesClient client,
            KubernetesPoolSettings pool,
            Map<String, String> experimentLabels,
            Duration syncTimeout) {
        try {
            return new KubeflowWorkloads(client, pool, experimentLabels, syncTimeout);
        } catch (TrainerException e) {
            if (e.kind() != TrainerException.Kind.REJECTED) {
                throw e;
            }
            throw new TrainerException(
                    TrainerException.Kind.REJECTED,
                    e.getMessage() + "; is the Kubeflow training operator installed with kubeflow.org/"
                            + pool.kubeflowApiVersion() + " " + kindName(pool) + "s (setting apiVersion)?",
                    e);
        }
    }

    private KubeflowWorkloads(
            KubernetesClient client,
            KubernetesPoolSettings pool,
            Map<String, String> experimentLabels,
            Duration syncTimeout) {
        super(
                client.genericKubernetesResources(context(pool)),
                pool.namespace(),
                experimentLabels,
                syncTimeout,
                kindName(pool) + "s");
        this.client = client;
        this.pool = pool;
    }

    static ResourceDefinitionContext context(KubernetesPoolSettings pool) {
        boolean pytorch = pool.kind() == WorkloadKind.PYTORCH_JOB;
        return new ResourceDefinitionContext.Builder()
                .withGroup("kubeflow.org")
                .withVersion(pool.kubeflowApiVersion())
                .withKind(kindName(pool))
                .withPlural(pytorch ? "pytorchjobs" : "tfjobs")
                .withNamespaced(true)
                .build();
    }

    private static String kindName(KubernetesPoolSettings pool) {
        return pool.kind() == WorkloadKind.PYTORCH_JOB ? "PyTorchJob" : "TFJob";
    }

    @Override
    GenericKubernetesResource describe(ObjectMeta metadata, Templates templates) {
        Map<String, Object> replicas = new LinkedHashMap<>();
        String specKey;
        if (pool.kind() == WorkloadKind.PYTORCH_JOB) {
            specKey = "pytorchReplicaSpecs";
            replicas.put("Master", replica(1, templates.apply(MAIN_ROLE)));
            if (pool.workerReplicas() > 0) {
                replicas.put("Worker", replica(pool.workerReplicas(), templates.apply("worker")));
            }
        } else {
            specKey = "tfReplicaSpecs";
            replicas.put("Worker", replica(pool.workerReplicas(), templates.apply("worker")));
            if (pool.psReplicas() > 0) {
                replicas.put("PS", replica(pool.psReplicas(), templates.apply("ps")));
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("runPolicy", Map.of("backoffLimit", 0, "cleanPodPolicy", "None"));
        spec.put(specKey, replicas);
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("kubeflow.org/" + pool.kubeflowApiVersion())
                .withKind(kindName(pool))
                .withMetadata(metadata)
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    private Map<String, Object> replica(int count, PodTemplateSpec template) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("replicas", count);
        replica.put("restartPolicy", "Never");
        replica.put("template", client.getKubernetesSerialization().convertValue(template, Map.class));
        return replica;
    }

    @Override
    WorkloadStatus status(GenericKubernetesResource job) {
        Object raw = job.getAdditionalProperties().get("status");
        if (!(raw instanceof Map<?, ?> status)) {
            return new WorkloadStatus(null, false, null, null, null);
        }
        var started = time(text(status.get("startTime")));
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object item : conditions) {
                if (!(item instanceof Map<?, ?> condition) || !"True".equals(condition.get("status"))) {
                    continue;
                }
                Object type = condition.get("type");
                String message =
                        BatchJobWorkloads.reason(text(condition.get("reason")), text(condition.get("message")));
                var ended = time(text(status.get("completionTime")));
                var transition = time(text(condition.get("lastTransitionTime")));
                if ("Succeeded".equals(type)) {
                    return new WorkloadStatus(
                            TrialPhase.SUCCEEDED, false, started, ended != null ? ended : transition, null);
                }
                if ("Failed".equals(type)) {
                    return new WorkloadStatus(
                            TrialPhase.FAILED, false, started, ended != null ? ended : transition, message);
                }
            }
        }
        return new WorkloadStatus(null, false, started, null, null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
