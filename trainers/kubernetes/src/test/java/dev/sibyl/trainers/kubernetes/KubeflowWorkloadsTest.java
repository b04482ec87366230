package dev.sibyl.trainers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorchJob / TFJob pools (NNI's kubeflow mode) against {@link FakeCluster}'s mock API server. No training
 * operator runs there: the test plays it, creating the master pod and writing the job's conditions as the
 * operator would.
 */
class KubeflowWorkloadsTest {
    @RegisterExtension
    static final FakeClusterExtension CLUSTER = new FakeClusterExtension();

    @TempDir
    Path code;

    @BeforeAll
    static void teachTheApiServerTheOperatorsResources() {
        for (String kind : List.of("PyTorchJob", "TFJob")) {
            cluster()
                    .expectCustomResource(new CustomResourceDefinitionContext.Builder()
                            .withGroup("kubeflow.org")
                            .withVersion("v1")
                            .withKind(kind)
                            .withPlural(kind.toLowerCase() + "s")
                            .withScope("Namespaced")
                            .build());
        }
    }

    @Test
    void aPytorchOperatorPoolCreatesAPyTorchJobWithAMasterAndWorkersRunningTheTrial() {
        KubernetesPoolSettings pool =
                FakeCluster.pool(Map.of("operator", "pytorch-operator", "workerReplicas", 2, "memory", "16Gi"));
        String experiment = KubernetesTrainingServiceTest.experimentId();
        try (KubernetesTrainingService service = cluster().open(pool, experiment)) {
            service.submit(launch(experiment, "pt001", 1));

            GenericKubernetesResource job = onlyJob(pool, experiment);
            assertThat(service.platform()).isEqualTo("kubeflow");
            assertThat(job.getMetadata().getLabels()).containsEntry("sibyl.dev/trial", "pt001");
            assertThat((Object) job.get("spec", "runPolicy", "backoffLimit")).isEqualTo(0);
            assertThat((Object) job.get("spec", "pytorchReplicaSpecs", "Master", "replicas"))
                    .isEqualTo(1);
            assertThat((Object) job.get("spec", "pytorchReplicaSpecs", "Worker", "replicas"))
                    .isEqualTo(2);
            PodTemplateSpec master = template(job, "pytorchReplicaSpecs", "Master");
            assertThat(master.getSpec().getContainers().get(0).getName()).isEqualTo("pytorch");
            assertThat(master.getSpec().getContainers().get(0).getCommand())
                    .containsExactly("bash", "-c", TrialPodTemplate.SDK_WHEN_MISSING + "python3 train.py");
            assertThat(master.getSpec().getContainers().get(0).getResources().getLimits())
                    .containsKeys("nvidia.com/gpu", "memory");
            assertThat(master.getMetadata().getLabels()).containsEntry("sibyl.dev/replica", "main");
            assertThat(template(job, "pytorchReplicaSpecs", "Worker")
                            .getMetadata()
                            .getLabels())
                    .containsEntry("sibyl.dev/replica", "worker");
        }
    }

    @Test
    void theOperatorsConditionsAndTheMasterPodDecideTheTrialsOutcome() {
        KubernetesPoolSettings pool = FakeCluster.pool(Map.of("operator", "pytorch-operator"));
        String experiment = KubernetesTrainingServiceTest.experimentId();
        try (KubernetesTrainingService service = cluster().open(pool, experiment)) {
            service.submit(launch(experiment, "pt002", null));
            GenericKubernetesResource job = onlyJob(pool, experiment);
            String started = Instant.now()
                    .minusSeconds(5)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString();

            operatorRunsMaster(job, "pt002", started);
            Eventually.await(
                    () -> service.poll("pt002"), s -> s.phase() == TrialPhase.FAILED, FakeCluster.timeout(), "FAILED");
            TrialState state = service.poll("pt002");

            assertThat(state.exitCode()).isEqualTo(2);
            assertThat(state.startedAt()).isEqualTo(Instant.parse(started));
            assertThat(state.message()).contains("code 2");
        }
    }

    @Test
    void aTfOperatorPoolMakesWorkerZeroTheMainReplica() {
        KubernetesPoolSettings pool =
                FakeCluster.pool(Map.of("operator", "tf-operator", "workerReplicas", 2, "psReplicas", 1));
        String experiment = KubernetesTrainingServiceTest.experimentId();
        try (KubernetesTrainingService service = cluster().open(pool, experiment)) {
            service.submit(launch(experiment, "tf001", null));

            GenericKubernetesResource job = onlyJob(pool, experiment);
            assertThat(job.getKind()).isEqualTo("TFJob");
            assertThat((Object) job.get("spec", "tfReplicaSpecs", "Worker", "replicas"))
                    .isEqualTo(2);
            assertThat((Object) job.get("spec", "tfReplicaSpecs", "PS", "replicas"))
                    .isEqualTo(1);
            assertThat(template(job, "tfReplicaSpecs", "Worker")
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getName())
                    .isEqualTo("tensorflow");
        }
    }

    @Test
    void aClusterWithoutTheOperatorsCrdVersionIsRejectedSayingWhatToCheck() {
        KubernetesPoolSettings pool = FakeCluster.pool(Map.of("operator", "tf-operator", "apiVersion", "v1alpha2"));

        assertThatThrownBy(() -> cluster().open(pool, KubernetesTrainingServiceTest.experimentId()))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED))
                .hasMessageContaining("TFJobs")
                .hasMessageContaining("kubeflow.org/v1alpha2")
                .hasMessageContaining("apiVersion");
    }

    /** The training operator's part: the master pod ends with exit code 2 and the job is marked Failed. */
    private static void operatorRunsMaster(GenericKubernetesResource job, String trialId, String started) {
        PodTemplateSpec master = template(job, "pytorchReplicaSpecs", "Master");
        Map<String, String> labels = new HashMap<>(master.getMetadata().getLabels());
        labels.put(KubeflowWorkloads.REPLICA_INDEX_LABEL, "0");
        String ended = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        cluster()
                .client
                .pods()
                .inNamespace(FakeCluster.NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(job.getMetadata().getName() + "-master-0")
                        .withLabels(labels)
                        .endMetadata()
                        .withSpec(master.getSpec())
                        .withNewStatus()
                        .withPhase("Failed")
                        .addNewContainerStatus()
                        .withName("pytorch")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(2)
                        .withReason("Error")
                        .withStartedAt(started)
                        .withFinishedAt(ended)
                        .endTerminated()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();
        GenericKubernetesResource failed = cluster()
                .client
                .genericKubernetesResources(
                        KubeflowWorkloads.context(FakeCluster.pool(Map.of("operator", "pytorch-operator"))))
                .inNamespace(FakeCluster.NAMESPACE)
                .withName(job.getMetadata().getName())
                .get();
        failed.setAdditionalProperty(
                "status",
                Map.of(
                        "startTime",
                        started,
                        "conditions",
                        List.of(Map.of(
                                "type", "Failed",
                                "status", "True",
                                "reason", "PyTorchJobFailed",
                                "message", "PyTorchJob " + trialId + " has failed because 1 Master replica(s) failed.",
                                "lastTransitionTime", ended))));
        cluster().client.resource(failed).update();
    }

    private static FakeCluster cluster() {
        return CLUSTER.get();
    }

    private TrialLaunch launch(String experiment, String trialId, Integer gpus) {
        return new TrialLaunch(experiment, trialId, 0, "{}", "python3 train.py", code, gpus, Map.of());
    }

    private static GenericKubernetesResource onlyJob(KubernetesPoolSettings pool, String experiment) {
        List<GenericKubernetesResource> jobs = cluster()
                .client
                .genericKubernetesResources(KubeflowWorkloads.context(pool))
                .inNamespace(FakeCluster.NAMESPACE)
                .withLabel("sibyl.dev/experiment", experiment)
                .list()
                .getItems();
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private static PodTemplateSpec template(GenericKubernetesResource job, String specs, String role) {
        Object raw = job.get("spec", specs, role, "template");
        return cluster().client.getKubernetesSerialization().convertValue(raw, PodTemplateSpec.class);
    }
}
