package dev.sibyl.trainers.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Stand-in for what a real cluster runs behind the API server, scripted against fabric8's mock API server in CRUD
 * mode: the Job controller (one pod per new Job, Job status from the pod), the scheduler (a single node whose labels
 * must match the pod's node selector, else the pod stays Pending as Unschedulable), the kubelet (each container's
 * command runs as a real local process with the container's environment; emptyDir volumes are host directories,
 * and mount paths in environment values and working directories are rewritten to them, since there is no container
 * filesystem) and the garbage collector (a deleted Job's pods, and a deleted ConfigMap's Jobs, are deleted unless
 * the deletion orphaned them).
 * Statuses move Pending → Running → Succeeded/Failed with the process's exit code, as a kubelet reports them.
 */
final class FakeKubelet implements AutoCloseable {
    static final String NODE_NAME = "fake-node";

    private final KubernetesClient client;
    private final String namespace;
    private final Path root;
    private final Map<String, String> nodeLabels;
    private final Map<String, String> propagationPolicies;
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fake-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> jobsSeen = ConcurrentHashMap.newKeySet();
    private final Set<String> deletedPods = ConcurrentHashMap.newKeySet();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Path> logs = new ConcurrentHashMap<>();
    private final Map<String, Boolean> started = new ConcurrentHashMap<>();
    private final Watch jobWatch;
    private final Watch podWatch;
    private final Watch anchorWatch;

    /**
     * @param propagationPolicies the propagation policy of each deleted Job's DELETE request, by Job name, as the
     *     API server front saw them
     */
    FakeKubelet(
            KubernetesClient client,
            String namespace,
            Path root,
            Map<String, String> nodeLabels,
            Map<String, String> propagationPolicies) {
        this.client = client;
        this.namespace = namespace;
        this.root = root;
        this.nodeLabels = Map.copyOf(nodeLabels);
        this.propagationPolicies = propagationPolicies;
        this.jobWatch = client.batch().v1().jobs().inNamespace(namespace).watch(on((action, job) -> {
            String name = job.getMetadata().getName();
            if (action == Watcher.Action.ADDED && jobsSeen.add(name)) {
                runners.submit(() -> runJob(job));
            } else if (action == Watcher.Action.DELETED) {
                runners.submit(() -> collectPodsOf(name));
            }
        }));
        this.anchorWatch = client.configMaps().inNamespace(namespace).watch(on((action, anchor) -> {
            if (action == Watcher.Action.DELETED) {
                runners.submit(() -> collectJobsOwnedBy(anchor));
            }
        }));
        this.podWatch = client.pods().inNamespace(namespace).watch(on((action, pod) -> {
            if (action == Watcher.Action.DELETED) {
                stop(pod.getMetadata().getName());
            }
        }));
    }

    private static <T> Watcher<T> on(BiConsumer<Watcher.Action, T> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                events.accept(action, resource);
            }

            @Override
            public void onClose(WatcherException cause) {}
        };
    }

    /** The log of a pod's container, as the kubelet would serve it; empty when it has not started. */
    Optional<String> log(String podName) {
        Path log = logs.get(podName);
        if (log == null || !started.getOrDefault(podName, false)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.of("");
        }
    }

    /** Whether a process of the pod is still alive. */
    boolean running(String podName) {
        Process process = processes.get(podName);
        return process != null && process.isAlive();
    }

    private void runJob(Job job) {
        try {
            String jobName = job.getMetadata().getName();
            PodTemplateSpec template = job.getSpec().getTemplate();
            String podName = jobName + "-" + suffix();
            Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
            labels.put("job-name", jobName);
            labels.put("batch.kubernetes.io/job-name", jobName);
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(podName)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withCreationTimestamp(now())
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("batch/v1")
                            .withKind("Job")
                            .withName(jobName)
                            .withUid(job.getMetadata().getUid())
                            .withController(true)
                            .build())
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .withStatus(new PodStatusBuilder().withPhase("Pending").build())
                    .build();
            client.pods().inNamespace(namespace).resource(pod).create();
            runPod(jobName, podName, template.getSpec());
        } catch (RuntimeException e) {
            e.printStackTrace(); // a broken stand-in shows up in the test output, not as a silent hang
        }
    }

    private void runPod(String jobName, String podName, PodSpec spec) {
        if (!schedulable(spec)) {
            podStatus(
                    podName,
                    s -> new PodStatusBuilder(s)
                            .addNewCondition()
                            .withType("PodScheduled")
                            .withStatus("False")
                            .withReason("Unschedulable")
                            .withMessage(
                                    "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.")
                            .endCondition()
                            .build());
            return;
        }
        Path podDirectory = root.resolve(podName);
        Map<String, Path> volumes = new HashMap<>();
        try {
            for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
                volumes.put(
                        volume.getName(), Files.createDirectories(podDirectory.resolve("volumes/" + volume.getName())));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path log = podDirectory.resolve("log");
        logs.put(podName, log);
        for (Container init : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
            String startedAt = now();
            podStatus(
                    podName,
                    s -> new PodStatusBuilder(s)
                            .withInitContainerStatuses(running(init.getName(), startedAt))
                            .build());
            int exit =
                    exitOf(start(podName, init, volumes, podDirectory.resolve(init.getName() + ".log"), podDirectory));
            ContainerStatus ended = terminated(init.getName(), exit, startedAt);
            if (exit != 0) {
                podStatus(
                        podName,
                        s -> new PodStatusBuilder(s)
                                .withPhase("Failed")
                                .withInitContainerStatuses(ended)
                                .build());
                jobEnded(jobName, exit, startedAt);
                return;
            }
            podStatus(
                    podName,
                    s -> new PodStatusBuilder(s)
                            .withInitContainerStatuses(ended)
                            .build());
        }
        Container main = spec.getContainers().get(0);
        String startedAt = now();
        Process process = start(podName, main, volumes, log, podDirectory);
        started.put(podName, true);
        podStatus(
                podName,
                s -> new PodStatusBuilder(s)
                        .withPhase("Running")
                        .withStartTime(startedAt)
                        .withContainerStatuses(running(main.getName(), startedAt))
                        .build());
        jobStatus(
                jobName,
                j -> new JobBuilder(j)
                        .editOrNewStatus()
                        .withActive(1)
                        .withStartTime(startedAt)
                        .endStatus()
                        .build());
        int exit = exitOf(process);
        if (deletedPods.contains(podName)) {
            return;
        }
        podStatus(
                podName,
                s -> new PodStatusBuilder(s)
                        .withPhase(exit == 0 ? "Succeeded" : "Failed")
                        .withContainerStatuses(terminated(main.getName(), exit, startedAt))
                        .build());
        jobEnded(jobName, exit, startedAt);
    }

    /** Starts the container's command as a local process; null when it could not start or the pod is gone. */
    private Process start(String podName, Container container, Map<String, Path> volumes, Path log, Path podDirectory) {
        Map<String, String> mounts = new HashMap<>();
        for (VolumeMount mount :
                container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            mounts.put(mount.getMountPath(), volumes.get(mount.getName()).toString());
        }
        List<String> command = new ArrayList<>(container.getCommand());
        if (container.getArgs() != null) {
            command.addAll(container.getArgs());
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", podDirectory.toString());
        for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            pb.environment().put(env.getName(), onHost(env.getValue(), mounts));
        }
        pb.directory(new File(
                container.getWorkingDir() == null
                        ? podDirectory.toString()
                        : onHost(container.getWorkingDir(), mounts)));
        if (deletedPods.contains(podName)) {
            return null;
        }
        try {
            Process process = pb.start();
            processes.put(podName, process);
            return process;
        } catch (IOException e) {
            return null;
        }
    }

    private static int exitOf(Process process) {
        if (process == null) {
            return 128;
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 137;
        }
    }

    private static String onHost(String value, Map<String, String> mounts) {
        String result = value == null ? "" : value;
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            result = result.replace(mount.getKey(), mount.getValue());
        }
        return result;
    }

    private boolean schedulable(PodSpec spec) {
        Map<String, String> node = new HashMap<>(nodeLabels);
        node.put("kubernetes.io/hostname", NODE_NAME);
        Map<String, String> wanted = spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(node.get(e.getKey())));
    }

    private void jobEnded(String jobName, int exit, String startedAt) {
        String endedAt = now();
        jobStatus(
                jobName,
                j -> new JobBuilder(j)
                        .editOrNewStatus()
                        .withActive(0)
                        .withStartTime(startedAt)
                        .withSucceeded(exit == 0 ? 1 : 0)
                        .withFailed(exit == 0 ? 0 : 1)
                        .withCompletionTime(exit == 0 ? endedAt : null)
                        .withConditions(new JobConditionBuilder()
                                .withType(exit == 0 ? "Complete" : "Failed")
                                .withStatus("True")
                                .withReason(exit == 0 ? null : "BackoffLimitExceeded")
                                .withMessage(exit == 0 ? null : "Job has reached the specified backoff limit")
                                .withLastTransitionTime(endedAt)
                                .build())
                        .endStatus()
                        .build());
    }

    /** The garbage collector: dependents of a deleted Job go too, unless the deletion orphaned them. */
    private void collectPodsOf(String jobName) {
        String policy = propagationPolicies.getOrDefault(jobName, "Orphan");
        if ("Orphan".equals(policy)) {
            return; // batch/v1 Jobs default to orphaning their pods when no policy is given
        }
        client.pods()
                .inNamespace(namespace)
                .withLabel("job-name", jobName)
                .list()
                .getItems()
                .forEach(pod -> client.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName())
                        .delete());
    }

    /** The garbage collector: Jobs owned by a deleted object go too (in the background), unless orphaned. */
    private void collectJobsOwnedBy(ConfigMap owner) {
        if ("Orphan".equals(propagationPolicies.getOrDefault(owner.getMetadata().getName(), "Background"))) {
            return; // ConfigMaps default to background deletion of their dependents
        }
        String uid = owner.getMetadata().getUid();
        client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .filter(job ->
                        job.getMetadata().getOwnerReferences().stream().anyMatch(ref -> uid.equals(ref.getUid())))
                .forEach(job -> client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName(job.getMetadata().getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete());
    }

    /** The kubelet stopping a deleted pod: SIGTERM, then SIGKILL after a short grace period. */
    private void stop(String podName) {
        deletedPods.add(podName);
        Process process = processes.get(podName);
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        runners.submit(() -> {
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void podStatus(String podName, UnaryOperator<PodStatus> change) {
        if (deletedPods.contains(podName)) {
            return;
        }
        try {
            client.pods()
                    .inNamespace(namespace)
                    .withName(podName)
                    .editStatus(p -> new PodBuilder(p)
                            .withStatus(change.apply(p.getStatus() == null ? new PodStatus() : p.getStatus()))
                            .build());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void jobStatus(String jobName, UnaryOperator<Job> change) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName).editStatus(change);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static ContainerStatus running(String name, String startedAt) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withReady(true)
                .withNewState()
                .withNewRunning(startedAt)
                .endState()
                .build();
    }

    private static ContainerStatus terminated(String name, int exit, String startedAt) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withReady(false)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exit)
                .withReason(exit == 0 ? "Completed" : "Error")
                .withStartedAt(startedAt)
                .withFinishedAt(now())
                .endTerminated()
                .endState()
                .build();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Override
    public void close() {
        jobWatch.close();
        podWatch.close();
        anchorWatch.close();
        processes.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        runners.shutdownNow();
    }
}
