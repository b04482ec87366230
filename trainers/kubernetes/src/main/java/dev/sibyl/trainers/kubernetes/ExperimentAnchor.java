package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * An experiment's anchor in a pool namespace: a small ConfigMap that owns every trial Job of the experiment, so
 * that deleting it (with propagation) lets the garbage collector remove all of the experiment's Jobs and pods at
 * once, and {@code kubectl get jobs -o yaml} shows which experiment a Job belongs to.
 */
final class ExperimentAnchor {
    private final KubernetesClient client;
    private final String namespace;
    private final TrialLabels labels;
    private volatile OwnerReference reference;

    ExperimentAnchor(KubernetesClient client, String namespace, TrialLabels labels) {
        this.client = client;
        this.namespace = namespace;
        this.labels = labels;
    }

    /** The owner reference to put on trial Jobs; creates the anchor on first use (or finds an earlier one). */
    OwnerReference reference() {
        OwnerReference known = reference;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (reference == null) {
                ConfigMap anchor = createOrGet();
                reference = new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName(anchor.getMetadata().getName())
                        .withUid(anchor.getMetadata().getUid())
                        .withBlockOwnerDeletion(false)
                        .withController(false)
                        .build();
            }
            return reference;
        }
    }

    /** Deletes the anchor with background propagation: the garbage collector deletes the Jobs and their pods. */
    void delete() {
        try {
            client.configMaps()
                    .inNamespace(namespace)
                    .withName(labels.anchorName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw KubernetesErrors.classify(e, "delete ConfigMap " + labels.anchorName());
            }
        }
        reference = null;
    }

    private ConfigMap createOrGet() {
        String name = labels.anchorName();
        ConfigMap wanted = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels.experiment())
                .endMetadata()
                .withData(Map.of("purpose", "owns the trial Jobs of this experiment; delete it to delete them"))
                .build();
        try {
            return client.configMaps().inNamespace(namespace).resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw KubernetesErrors.classify(e, "create ConfigMap " + name + " in namespace " + namespace);
            }
        }
        try {
            ConfigMap existing =
                    client.configMaps().inNamespace(namespace).withName(name).get();
            if (existing == null) {
                throw new TrainerException(
                        TrainerException.Kind.RETRIABLE, "ConfigMap " + name + " vanished while it was being created");
            }
            return existing;
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.classify(e, "read ConfigMap " + name + " in namespace " + namespace);
        }
    }
}
