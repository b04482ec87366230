package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Maps API server answers to {@link TrainerException.Kind}s, once, by HTTP status. */
final class KubernetesErrors {
    private KubernetesErrors() {}

    static TrainerException classify(KubernetesClientException e, String action) {
        int code = e.getCode();
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        if (code == 401) {
            return new TrainerException(TrainerException.Kind.AUTH, "cannot " + action + ": credentials refused", e);
        }
        if (code == 403) {
            return new TrainerException(
                    TrainerException.Kind.AUTH,
                    "cannot " + action + ": forbidden; the server's service account needs the Role in infra/k8s ("
                            + reason + ")",
                    e);
        }
        if (code == 400 || code == 404 || code == 422) {
            return new TrainerException(TrainerException.Kind.REJECTED, "cannot " + action + ": " + reason, e);
        }
        return new TrainerException(TrainerException.Kind.RETRIABLE, "cannot " + action + ": " + reason, e);
    }
}
