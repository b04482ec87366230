package dev.sibyl.trainers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.TrainerException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class KubernetesPoolSettingsTest {
    @Test
    void readsAPoolWithNniNamesAndDefaults() {
        KubernetesPoolSettings pool = KubernetesPoolSettings.parse(Map.of(
                "namespace", "trials",
                "dockerImage", "msranni/nni:latest",
                "cpu", 2,
                "memory", "8Gi",
                "tolerations",
                        List.of(Map.of(
                                "key",
                                "gpu",
                                "operator",
                                "Equal",
                                "value",
                                "yes",
                                "effect",
                                "NoExecute",
                                "tolerationSeconds",
                                30))));

        assertThat(pool.image()).isEqualTo("msranni/nni:latest");
        assertThat(pool.kind()).isEqualTo(WorkloadKind.JOB);
        assertThat(pool.cpu()).isEqualTo("2");
        assertThat(pool.tolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.tolerationSeconds()).isEqualTo(30L));
        assertThat(pool.codeFetcherImage()).isEqualTo("busybox:1.36");
        assertThat(pool.codeUrlValidity()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void readsAKubeflowOperatorPool() {
        KubernetesPoolSettings pool = KubernetesPoolSettings.parse(
                Map.of("namespace", "trials", "image", "pytorch", "operator", "tf-operator", "psReplicas", 1));

        assertThat(pool.kind()).isEqualTo(WorkloadKind.TF_JOB);
        assertThat(pool.workerReplicas()).isEqualTo(1);
        assertThat(pool.psReplicas()).isEqualTo(1);
        assertThat(pool.kubeflowApiVersion()).isEqualTo("v1");
    }

    @Test
    void aMissingImageIsRejectedNamingIt() {
        rejected(Map.of("namespace", "trials")).hasMessage("image: is required");
    }

    @Test
    void aMalformedQuantityIsRejectedNamingTheField() {
        rejected(with("memory", "4 GB")).hasMessageStartingWith("memory: '4 GB' is not a Kubernetes quantity");
        rejected(with("cpu", "-1")).hasMessageStartingWith("cpu: '-1' is not a Kubernetes quantity");
    }

    @Test
    void aBadTolerationIsRejectedNamingItsIndexAndField() {
        rejected(with("tolerations", List.of(Map.of("operator", "Exists"), Map.of("key", "a", "effect", "Sometimes"))))
                .hasMessageStartingWith("tolerations[1].effect: must be NoSchedule");
        rejected(with("tolerations", List.of(Map.of("key", "a", "colour", "blue"))))
                .hasMessageStartingWith("tolerations[0].colour: is not a toleration field");
    }

    @Test
    void otherMistakesAreRejectedNamingTheSetting() {
        rejected(with("namespace", "Trials_1")).hasMessageStartingWith("namespace:");
        rejected(with("nodeSelector", Map.of("pool", 3))).hasMessageStartingWith("nodeSelector.pool: must be a string");
        rejected(with("imagePullSecrets", List.of("Not A Secret"))).hasMessageStartingWith("imagePullSecrets[0]:");
        rejected(with("operator", "mpi-operator")).hasMessageStartingWith("operator: must be pytorch-operator");
        rejected(with("workerReplicas", 2)).hasMessageStartingWith("workerReplicas: applies only to operator");
        rejected(with("codeUrlValiditySeconds", 5))
                .hasMessageStartingWith("codeUrlValiditySeconds: must be at least 60");
        rejected(with("gpuNumber", 1)).hasMessageStartingWith("gpuNumber: is not a Kubernetes pool setting");
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> settings = new HashMap<>(Map.of("namespace", "trials", "image", "python:3.12"));
        settings.put(key, value);
        return settings;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejected(Map<String, ?> settings) {
        return assertThatThrownBy(() -> KubernetesPoolSettings.parse(settings))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED));
    }
}
