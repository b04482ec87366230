package dev.sibyl.trainers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.Placement;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubernetesTrainingService} against {@link FakeCluster}: fabric8's mock API server in CRUD mode standing in
 * for the API server, with a scripted job controller and kubelet that really run the trial commands.
 */
class KubernetesTrainingServiceTest {
    private static final String PARAMETERS = "{\"parameter_id\": 0, \"parameters\": {\"x\": 3}}";
    private static final AtomicInteger EXPERIMENTS = new AtomicInteger();

    @RegisterExtension
    static final FakeClusterExtension CLUSTER = new FakeClusterExtension();

    @TempDir
    Path code;

    @Test
    void createsAJobWithThePoolsResourcesEnvironmentLabelsSelectorsTolerationsAndPullSecrets() {
        KubernetesPoolSettings pool = FakeCluster.pool(Map.of(
                "cpu", "2",
                "memory", "4Gi",
                "nodeSelector", Map.of("sibyl.dev/pool", "gpu-a100"),
                "tolerations", List.of(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")),
                "imagePullSecrets", List.of("registry-credentials")));
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(pool, experiment)) {
            service.submit(launch(experiment, "Ab1cD", "true", 2, Map.of("SIBYL_CHANNEL_URL", "http://sibyl:8080/t")));

            Job job = onlyJobOf(experiment);
            assertThat(job.getMetadata().getLabels())
                    .containsEntry("sibyl.dev/tenant", "acme")
                    .containsEntry("sibyl.dev/experiment", experiment)
                    .containsEntry("sibyl.dev/trial", "Ab1cD")
                    .containsEntry("app.kubernetes.io/managed-by", "sibyl");
            assertThat(job.getMetadata().getName()).matches("[a-z0-9-]{1,52}").contains("ab1cd");
            assertThat(job.getMetadata().getAnnotations()).containsEntry("sibyl.dev/sequence-id", "7");
            assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("ConfigMap");
                assertThat(owner.getUid()).isNotBlank();
                assertThat(cluster()
                                .client
                                .configMaps()
                                .inNamespace(FakeCluster.NAMESPACE)
                                .withName(owner.getName())
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("sibyl.dev/experiment", experiment)
                        .containsEntry("sibyl.dev/tenant", "acme");
            });
            assertThat(job.getSpec().getBackoffLimit()).isZero();
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("sibyl.dev/trial", "Ab1cD")
                    .containsEntry("sibyl.dev/experiment", experiment);
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getNodeSelector()).containsEntry("sibyl.dev/pool", "gpu-a100");
            assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
                assertThat(t.getOperator()).isEqualTo("Exists");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(pod.getImagePullSecrets())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-credentials"));
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();

            Container trial = pod.getContainers().get(0);
            assertThat(trial.getImage()).isEqualTo("python:3.12-slim");
            assertThat(trial.getCommand()).containsExactly("bash", "-c", TrialPodTemplate.SDK_WHEN_MISSING + "true");
            assertThat(trial.getResources().getLimits())
                    .containsEntry("nvidia.com/gpu", new Quantity("2"))
                    .containsEntry("cpu", new Quantity("2"))
                    .containsEntry("memory", new Quantity("4Gi"));
            assertThat(trial.getResources().getRequests())
                    .containsEntry("cpu", new Quantity("2"))
                    .containsEntry("memory", new Quantity("4Gi"))
                    .doesNotContainKey("nvidia.com/gpu");
            assertThat(env(trial))
                    .containsEntry("NNI_PLATFORM", "kubernetes")
                    .containsEntry("NNI_EXP_ID", experiment)
                    .containsEntry("NNI_TRIAL_JOB_ID", "Ab1cD")
                    .containsEntry("NNI_TRIAL_SEQ_ID", "7")
                    .containsEntry("NNI_SYS_DIR", "/sibyl/trial")
                    .containsEntry("NNI_OUTPUT_DIR", "/sibyl/trial")
                    .containsEntry("SIBYL_CHANNEL_URL", "http://sibyl:8080/t")
                    .doesNotContainKey("CUDA_VISIBLE_DEVICES");
            assertThat(trial.getWorkingDir()).isEqualTo("/sibyl/trial/code");

            Container fetcher = pod.getInitContainers().get(0);
            assertThat(fetcher.getImage()).isEqualTo("busybox:1.36");
            assertThat(env(fetcher)).containsKey("SIBYL_CODE_URL").containsEntry("SIBYL_PARAMETER_RECORD", PARAMETERS);
            assertThat(fetcher.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        }
    }

    @Test
    void aTrialWithoutGpusSeesNoneAndAPlacedTrialIsPinnedToItsNode() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            service.submit(launch(experiment, "noGpu", "true", 0, Map.of())
                    .placedAt(new Placement(FakeKubelet.NODE_NAME, List.of())));

            PodSpec pod = onlyJobOf(experiment).getSpec().getTemplate().getSpec();
            assertThat(env(pod.getContainers().get(0))).containsEntry("CUDA_VISIBLE_DEVICES", "");
            assertThat(pod.getContainers().get(0).getResources().getLimits()).isNullOrEmpty();
            assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/hostname", FakeKubelet.NODE_NAME);
        }
    }

    @Test
    void runsTheTrialInItsFetchedCodeWithParametersAndReportsSuccessAndItsLog() throws IOException {
        Files.writeString(code.resolve("data.txt"), "forty-two\n");
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            int downloads = cluster().archives.downloads();
            service.submit(launch(
                    experiment,
                    "ok001",
                    "cat data.txt; cat \"$NNI_SYS_DIR/parameter.cfg\"; echo; echo \"$NNI_PLATFORM $NNI_TRIAL_JOB_ID\"",
                    null,
                    Map.of()));

            TrialState state = awaitFinished(service, "ok001");

            assertThat(state.phase()).isEqualTo(TrialPhase.SUCCEEDED);
            assertThat(state.exitCode()).isZero();
            assertThat(state.startedAt()).isNotNull();
            assertThat(state.endedAt()).isNotNull().isAfterOrEqualTo(state.startedAt());
            assertThat(cluster().archives.downloads()).isEqualTo(downloads + 1);
            assertThat(log(service, "ok001"))
                    .contains("forty-two")
                    .contains(PARAMETERS)
                    .contains("kubernetes ok001");
            assertThat(service.openLog("ok001", LogName.TRIAL_LOG)).isEmpty();
        }
    }

    @Test
    void aFailingTrialReportsItsExitCode() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            service.submit(launch(experiment, "bad01", "echo about to fail; exit 3", null, Map.of()));

            TrialState state = awaitFinished(service, "bad01");

            assertThat(state.phase()).isEqualTo(TrialPhase.FAILED);
            assertThat(state.exitCode()).isEqualTo(3);
            assertThat(state.message()).contains("code 3");
            assertThat(state.endedAt()).isNotNull();
        }
    }

    @Test
    void aCodeUrlThatNoLongerWorksFailsTheTrialSayingTheCodeCouldNotBeFetched() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            CodeArchiveUrls revokedAtOnce = (launch, validFor) -> {
                var url = cluster().archives.signedUrl(launch, validFor);
                cluster().archives.revokeAll();
                return url;
            };
            try (KubernetesTrainingService expired =
                    cluster().open(FakeCluster.pool(Map.of()), experiment, revokedAtOnce)) {
                expired.submit(launch(experiment, "nocod", "echo never runs", null, Map.of()));
            }

            TrialState state = awaitFinished(service, "nocod");

            assertThat(state.phase()).isEqualTo(TrialPhase.FAILED);
            assertThat(state.message()).contains("code could not be fetched");
            assertThat(log(service, "nocod")).doesNotContain("never runs");
        }
    }

    @Test
    void aPodNoNodeCanTakeWaitsAndSaysWhy() {
        String experiment = experimentId();
        KubernetesPoolSettings pool = FakeCluster.pool(Map.of("nodeSelector", Map.of("sibyl.dev/pool", "tpu")));
        try (KubernetesTrainingService service = cluster().open(pool, experiment)) {
            service.submit(launch(experiment, "stuck", "true", null, Map.of()));

            TrialState state = Eventually.await(
                    () -> service.poll("stuck"),
                    s -> s.message() != null && s.message().contains("not scheduled"),
                    FakeCluster.timeout(),
                    "the unschedulable reason");

            assertThat(state.phase()).isEqualTo(TrialPhase.WAITING);
            assertThat(state.message()).contains("Unschedulable").contains("node(s) didn't match");
            service.cancel("stuck");
        }
    }

    @Test
    void cancelDeletesTheJobWithBackgroundPropagationSoItsPodStops() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            service.submit(launch(experiment, "long1", "sleep 600", null, Map.of()));
            awaitRunning(service, "long1");
            String podName = onlyPodName(experiment);
            assertThat(cluster().kubelet.running(podName)).isTrue();
            String jobName = onlyJobOf(experiment).getMetadata().getName();

            service.cancel("long1");

            TrialState state = Eventually.await(
                    () -> service.poll("long1"), s -> s.phase().finished(), FakeCluster.timeout(), "CANCELED");
            assertThat(state.phase()).isEqualTo(TrialPhase.CANCELED);
            assertThat(cluster().deletionPropagation(jobName)).contains("Background");
            assertThat(jobsOf(experiment)).isEmpty();
            Eventually.await(
                    () -> cluster().kubelet.running(podName),
                    running -> !running,
                    FakeCluster.timeout(),
                    "the pod's process to stop");
        }
    }

    @Test
    void aJobDeletedOutsideSibylFailsItsTrialInsteadOfLeavingItRunning() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            service.submit(launch(experiment, "gone1", "sleep 600", null, Map.of()));
            awaitRunning(service, "gone1");

            cluster()
                    .client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(FakeCluster.NAMESPACE)
                    .withLabel("sibyl.dev/trial", "gone1")
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                    .delete();

            TrialState state = Eventually.await(
                    () -> service.poll("gone1"), s -> s.phase().finished(), FakeCluster.timeout(), "an end");
            assertThat(state.phase()).isEqualTo(TrialPhase.FAILED);
            assertThat(state.message()).isEqualTo("the job was deleted outside Sibyl");
        }
    }

    @Test
    void deletingTheExperimentRemovesAllItsJobsThroughTheirOwnerAndStopsTheirPods() {
        String experiment = experimentId();
        String otherExperiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment);
                KubernetesTrainingService other = cluster().open(FakeCluster.pool(Map.of()), otherExperiment)) {
            service.submit(launch(experiment, "del01", "sleep 600", null, Map.of()));
            service.submit(launch(experiment, "del02", "echo finished", null, Map.of()));
            other.submit(launch(otherExperiment, "keep1", "echo kept", null, Map.of()));
            awaitFinished(service, "del02");
            awaitRunning(service, "del01");
            String podName = onlyRunningPodName(experiment);

            service.deleteExperiment();

            Eventually.await(() -> jobsOf(experiment), List::isEmpty, FakeCluster.timeout(), "no Jobs left");
            Eventually.await(
                    () -> cluster().kubelet.running(podName),
                    running -> !running,
                    FakeCluster.timeout(),
                    "the running trial's process to stop");
            assertThat(jobsOf(otherExperiment)).hasSize(1);
        }
    }

    @Test
    void cancellingAFinishedOrUnknownTrialChangesNothing() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            service.submit(launch(experiment, "done1", "echo done", null, Map.of()));
            awaitFinished(service, "done1");

            service.cancel("done1");
            service.cancel("nosuch");

            assertThat(service.poll("done1").phase()).isEqualTo(TrialPhase.SUCCEEDED);
            assertThat(jobsOf(experiment)).hasSize(1);
            assertThat(service.poll("nosuch").phase()).isEqualTo(TrialPhase.UNKNOWN);
        }
    }

    @Test
    void submittingATrialTwiceCreatesOneJobEvenFromAnotherInstance() {
        String experiment = experimentId();
        TrialLaunch launch = launch(experiment, "twice", "echo once", null, Map.of());
        try (KubernetesTrainingService first = cluster().open(FakeCluster.pool(Map.of()), experiment);
                KubernetesTrainingService second = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            first.submit(launch);
            first.submit(launch);
            second.submit(launch); // its watch may not have seen the Job yet: the API server's 409 settles it

            assertThat(jobsOf(experiment)).hasSize(1);
            assertThat(awaitFinished(first, "twice").phase()).isEqualTo(TrialPhase.SUCCEEDED);
            assertThat(log(first, "twice").lines().filter("once"::equals)).hasSize(1);
        }
    }

    @Test
    void aNewInstanceReattachesToRunningJobsByLabelAndSeesThemFinish() throws IOException {
        String experiment = experimentId();
        Path release = Files.createTempDirectory(code, "release").resolve("go");
        KubernetesPoolSettings pool = FakeCluster.pool(Map.of());
        KubernetesTrainingService before = cluster().open(pool, experiment);
        before.submit(launch(
                experiment, "surv1", "while [ ! -e " + release + " ]; do sleep 0.1; done; exit 4", null, Map.of()));
        awaitRunning(before, "surv1");
        before.close(); // the server stops; the Job keeps running

        try (KubernetesTrainingService after = cluster().open(pool, experiment);
                KubernetesTrainingService otherExperiment = cluster().open(pool, experimentId())) {
            assertThat(after.poll("surv1").phase()).isEqualTo(TrialPhase.RUNNING);
            assertThat(otherExperiment.poll("surv1").phase()).isEqualTo(TrialPhase.UNKNOWN);
            assertThat(cluster().requests())
                    .anyMatch(r -> r.startsWith("GET /apis/batch/v1/namespaces/" + FakeCluster.NAMESPACE + "/jobs?")
                            && r.contains("labelSelector=")
                            && r.contains(experiment));

            Files.createFile(release);

            TrialState state = awaitFinished(after, "surv1");
            assertThat(state.phase()).isEqualTo(TrialPhase.FAILED);
            assertThat(state.exitCode()).isEqualTo(4);
        }
    }

    @Test
    void aNamespaceTheServerMayNotUseIsAnAuthFailureNamingTheRole() {
        KubernetesPoolSettings locked = FakeCluster.pool(Map.of("namespace", FakeCluster.FORBIDDEN_NAMESPACE));

        assertThatThrownBy(() -> cluster().open(locked, experimentId()))
                .isInstanceOfSatisfying(
                        TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.AUTH))
                .hasMessageContaining("forbidden")
                .hasMessageContaining("infra/k8s")
                .hasMessageContaining("cannot list resource \"jobs\"");
    }

    @Test
    void idsThatCannotBeLabelValuesAreRejectedByName() {
        String experiment = experimentId();
        try (KubernetesTrainingService service = cluster().open(FakeCluster.pool(Map.of()), experiment)) {
            assertThatThrownBy(() -> service.submit(launch(experiment, "bad id!", "true", null, Map.of())))
                    .isInstanceOfSatisfying(
                            TrainerException.class, e -> assertThat(e.kind()).isEqualTo(TrainerException.Kind.REJECTED))
                    .hasMessageStartingWith("trialId:");
            assertThat(service.readMetrics("whatever", 12).payloads()).isEmpty();
            assertThat(service.readMetrics("whatever", 12).nextOffset()).isEqualTo(12);
        }
    }

    private static FakeCluster cluster() {
        return CLUSTER.get();
    }

    private TrialLaunch launch(
            String experiment, String trial, String command, Integer gpus, Map<String, String> environment) {
        return new TrialLaunch(experiment, trial, 7, PARAMETERS, command, code, gpus, environment);
    }

    static String experimentId() {
        return "k8sExp" + String.format("%02d", EXPERIMENTS.incrementAndGet());
    }

    static TrialState awaitRunning(KubernetesTrainingService service, String trialId) {
        return Eventually.await(
                () -> service.poll(trialId),
                s -> s.phase() == TrialPhase.RUNNING,
                FakeCluster.timeout(),
                trialId + " to run");
    }

    static TrialState awaitFinished(KubernetesTrainingService service, String trialId) {
        return Eventually.await(
                () -> service.poll(trialId), s -> s.phase().finished(), FakeCluster.timeout(), trialId + " to finish");
    }

    static String log(KubernetesTrainingService service, String trialId) {
        try {
            Optional<InputStream> log = service.openLog(trialId, LogName.STDOUT);
            if (log.isEmpty()) {
                return "";
            }
            try (InputStream in = log.get()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Job> jobsOf(String experiment) {
        return cluster()
                .client
                .batch()
                .v1()
                .jobs()
                .inNamespace(FakeCluster.NAMESPACE)
                .withLabel("sibyl.dev/experiment", experiment)
                .list()
                .getItems();
    }

    private static Job onlyJobOf(String experiment) {
        List<Job> jobs = jobsOf(experiment);
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private static String onlyPodName(String experiment) {
        return Eventually.await(
                        () -> cluster()
                                .client
                                .pods()
                                .inNamespace(FakeCluster.NAMESPACE)
                                .withLabel("sibyl.dev/experiment", experiment)
                                .list()
                                .getItems(),
                        pods -> pods.size() == 1,
                        FakeCluster.timeout(),
                        "one pod")
                .get(0)
                .getMetadata()
                .getName();
    }

    private static String onlyRunningPodName(String experiment) {
        return cluster()
                .client
                .pods()
                .inNamespace(FakeCluster.NAMESPACE)
                .withLabel("sibyl.dev/experiment", experiment)
                .list()
                .getItems()
                .stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getName();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }
}
