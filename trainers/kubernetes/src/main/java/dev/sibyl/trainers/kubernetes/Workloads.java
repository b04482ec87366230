package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The trial jobs of one experiment in one namespace, of one {@link WorkloadKind}: created here, read from an
 * informer (one list, then a watch, for all trials of the experiment), deleted with background propagation so
 * that the garbage collector removes their pods.
 *
 * @param <T> the job's resource type
 */
abstract class Workloads<T extends HasMetadata> implements AutoCloseable {
    /** Pod templates by the replica's role ({@code main}, {@code worker}, {@code ps}). */
    interface Templates extends Function<String, PodTemplateSpec> {}

    static final String MAIN_ROLE = "main";

    private final MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation;
    private final String namespace;
    private final SharedIndexInformer<T> informer;

    /** Lists and starts watching the experiment's jobs; returns once the first list is in the cache. */
    Workloads(
            MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation,
            String namespace,
            Map<String, String> experimentLabels,
            Duration syncTimeout,
            String what) {
        this.operation = operation;
        this.namespace = namespace;
        this.informer = Informers.start(
                operation.inNamespace(namespace).withLabels(experimentLabels).runnableInformer(0),
                what + " in namespace " + namespace,
                syncTimeout);
    }

    /** The job to create, with the given metadata and pod templates. */
    abstract T describe(ObjectMeta metadata, Templates templates);

    abstract WorkloadStatus status(T job);

    /** Creates the job; a {@link KubernetesClientException} (409 when it exists) is left to the caller. */
    void create(
            String name,
            Map<String, String> labels,
            Map<String, String> annotations,
            OwnerReference owner,
            Templates templates) {
        ObjectMeta metadata = new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(owner)
                .build();
        operation.inNamespace(namespace).resource(describe(metadata, templates)).create();
    }

    Optional<WorkloadStatus> find(String name) {
        T job = informer.getStore().getByKey(namespace + "/" + name);
        if (job == null) {
            return Optional.empty();
        }
        WorkloadStatus status = status(job);
        boolean deleting = job.getMetadata().getDeletionTimestamp() != null;
        return Optional.of(
                deleting && !status.deleting()
                        ? new WorkloadStatus(
                                status.outcome(), true, status.startedAt(), status.endedAt(), status.message())
                        : status);
    }

    void delete(String name) {
        try {
            operation
                    .inNamespace(namespace)
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw KubernetesErrors.classify(e, "delete " + name + " in namespace " + namespace);
            }
        }
    }

    String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        informer.close();
    }

    static Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "unreadable time '" + text + "' from the API server", e);
        }
    }
}
