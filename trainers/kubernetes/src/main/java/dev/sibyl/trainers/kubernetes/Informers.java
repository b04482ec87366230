package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starting an informer and waiting for its first list, with failures classified. */
final class Informers {
    private Informers() {}

    static <T> SharedIndexInformer<T> start(SharedIndexInformer<T> informer, String what, Duration timeout) {
        try {
            informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return informer;
        } catch (ExecutionException e) {
            informer.close();
            if (e.getCause() instanceof KubernetesClientException k) {
                throw KubernetesErrors.classify(k, "watch " + what);
            }
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "cannot watch " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            informer.close();
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "listing " + what + " took longer than " + timeout, e);
        } catch (InterruptedException e) {
            informer.close();
            Thread.currentThread().interrupt();
            throw new TrainerException(TrainerException.Kind.RETRIABLE, "interrupted while listing " + what, e);
        }
    }
}
