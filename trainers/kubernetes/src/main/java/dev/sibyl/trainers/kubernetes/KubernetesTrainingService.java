package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an experiment's trials on a Kubernetes pool (one namespace): one {@code batch/v1} Job per trial, or a
 * PyTorchJob / TFJob when the pool names a Kubeflow operator (NNI's kubeflow mode).
 *
 * <p>Each trial's pod first runs an init container that downloads the experiment's code archive through a
 * short-lived signed URL ({@link CodeArchiveUrls}) into an emptyDir, then the trial container runs
 * {@code bash -c <trialCommand>} in that copy of the code with the NNI_* environment. Jobs and pods carry the
 * tenant, experiment and trial ids as labels. State comes from two informers (one watch for the experiment's jobs,
 * one for its pods), so polling costs no API call; a new instance lists the experiment's jobs by label when it
 * starts and so re-attaches to trials started before a server restart. Cancel deletes the job with background
 * propagation (the garbage collector stops its pods).
 *
 * <p>Metrics travel over the HTTP channel (the SDK posts them to the server with the URL and token given in
 * {@link TrialLaunch#environment()}); the pod's file channel is not reachable from the server, so
 * {@link #readMetrics} always returns an empty batch at the offset given. Logs come from the trial container's
 * log, which holds stdout and stderr together: {@link LogName#STDOUT} returns it, the other logs are empty.
 *
 * <p>Thread-safe. Errors: RBAC refusals are {@link TrainerException.Kind#AUTH}, invalid specs or missing CRDs
 * {@link TrainerException.Kind#REJECTED}, the rest {@link TrainerException.Kind#RETRIABLE}.
 */
public final class KubernetesTrainingService implements TrainingService {
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final KubernetesPoolSettings pool;
    private final String experimentId;
    private final CodeArchiveUrls codeUrls;
    private final InstantSource clock;
    private final TrialLabels labels;
    private final TrialPodTemplate podTemplate;
    private final Workloads<?> workloads;
    private final TrialPods pods;
    private final ExperimentAnchor anchor;
    private final Set<String> createdHere = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> cancelledAt = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Lists the experiment's jobs and pods (re-attaching to those of a previous instance) and starts watching them.
     *
     * @param client a client allowed what {@code infra/k8s/rbac.yaml} grants in the pool's namespace
     * @param tenantId the tenant owning the experiment (a label value)
     * @param experimentId the experiment served by this instance (a label value)
     * @throws TrainerException AUTH when the client may not list jobs or pods there, RETRIABLE when the API server
     *     cannot be reached
     */
    public KubernetesTrainingService(
            KubernetesClient client,
            KubernetesPoolSettings pool,
            String tenantId,
            String experimentId,
            CodeArchiveUrls codeUrls,
            InstantSource clock) {
        this.client = client;
        this.pool = pool;
        this.experimentId = experimentId;
        this.codeUrls = codeUrls;
        this.clock = clock;
        this.labels = new TrialLabels(tenantId, experimentId);
        this.podTemplate = new TrialPodTemplate(pool);
        this.anchor = new ExperimentAnchor(client, pool.namespace(), labels);
        Map<String, String> selector = labels.experiment();
        this.workloads = pool.kind() == WorkloadKind.JOB
                ? new BatchJobWorkloads(client, pool.namespace(), selector, SYNC_TIMEOUT)
                : KubeflowWorkloads.open(client, pool, selector, SYNC_TIMEOUT);
        try {
            this.pods = new TrialPods(client, pool.namespace(), selector, SYNC_TIMEOUT);
        } catch (RuntimeException e) {
            workloads.close();
            throw e;
        }
    }

    @Override
    public String platform() {
        return pool.kind().platform();
    }

    @Override
    public void submit(TrialLaunch launch) {
        ensureOpen();
        String trialId = TrialLabels.checked("trialId", launch.trialId());
        if (!experimentId.equals(launch.experimentId())) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED,
                    "experimentId: this service runs experiment " + experimentId + ", not " + launch.experimentId());
        }
        if (launch.gpuNumber() != null && launch.gpuNumber() < 0) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "trialGpuNumber must not be negative, got " + launch.gpuNumber());
        }
        String name = labels.jobName(trialId);
        if (cancelledAt.containsKey(trialId)
                || createdHere.contains(trialId)
                || workloads.find(name).isPresent()) {
            return;
        }
        URI codeUrl = codeUrls.signedUrl(launch, pool.codeUrlValidity());
        Map<String, String> trialLabels = labels.trial(trialId);
        Map<String, String> annotations = Map.of(TrialLabels.SEQUENCE_ANNOTATION, Long.toString(launch.sequenceId()));
        try {
            workloads.create(name, trialLabels, annotations, anchor.reference(), role -> {
                Map<String, String> podLabels = new HashMap<>(trialLabels);
                podLabels.put(TrialLabels.REPLICA, role);
                return podTemplate.build(launch, podLabels, codeUrl);
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: created already, by an earlier submit of this trial
                throw KubernetesErrors.classify(e, "create " + name + " in namespace " + pool.namespace());
            }
        }
        createdHere.add(trialId);
    }

    @Override
    public TrialState poll(String trialId) {
        if (!TrialLabels.validTrialId(trialId)) {
            return TrialState.unknown();
        }
        Optional<WorkloadStatus> job = workloads.find(labels.jobName(trialId));
        boolean seenBefore = job.isEmpty() && seen.contains(trialId);
        if (job.isPresent()) {
            seen.add(trialId);
        }
        return TrialStates.of(
                job,
                pods.main(trialId),
                pods.of(trialId),
                pool.kind().containerName(),
                cancelledAt.get(trialId),
                createdHere.contains(trialId),
                seenBefore);
    }

    @Override
    public void cancel(String trialId) {
        if (!TrialLabels.validTrialId(trialId)) {
            return;
        }
        ensureOpen();
        String name = labels.jobName(trialId);
        Optional<WorkloadStatus> job = workloads.find(name);
        boolean known = job.isPresent() || createdHere.contains(trialId);
        if (!known || job.map(j -> j.outcome() != null).orElse(false)) {
            return; // unknown or finished: nothing to stop, and a finished job keeps its log
        }
        if (cancelledAt.putIfAbsent(trialId, clock.instant()) == null) {
            workloads.delete(name);
        }
    }

    /**
     * Removes everything of this experiment from the namespace, running or finished: deletes its anchor ConfigMap,
     * which owns all its Jobs, and the garbage collector deletes them and their pods. Beyond {@link TrainingService}:
     * for deleting an experiment.
     */
    public void deleteExperiment() {
        ensureOpen();
        anchor.delete();
    }

    @Override
    public MetricBatch readMetrics(String trialId, long offset) {
        if (offset < 0) {
            throw new TrainerException(TrainerException.Kind.REJECTED, "offset must not be negative, got " + offset);
        }
        return new MetricBatch(List.of(), offset);
    }

    @Override
    public Optional<InputStream> openLog(String trialId, LogName log) {
        if (log != LogName.STDOUT || !TrialLabels.validTrialId(trialId)) {
            return Optional.empty();
        }
        Optional<Pod> pod = pods.main(trialId);
        String container = pool.kind().containerName();
        if (pod.isEmpty() || !started(pod.get(), container)) {
            return Optional.empty();
        }
        String podName = pod.get().getMetadata().getName();
        try {
            return Optional.of(client.pods()
                    .inNamespace(pool.namespace())
                    .withName(podName)
                    .inContainer(container)
                    .getLogInputStream());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 || e.getCode() == 404) {
                return Optional.empty(); // the pod or its container is gone, or has not started after all
            }
            throw KubernetesErrors.classify(e, "read the log of pod " + podName);
        }
    }

    private static boolean started(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (container.equals(status.getName()) && status.getState() != null) {
                return status.getState().getRunning() != null
                        || status.getState().getTerminated() != null;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        workloads.close();
        pods.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the training service of experiment " + experimentId + " is closed");
        }
    }
}
