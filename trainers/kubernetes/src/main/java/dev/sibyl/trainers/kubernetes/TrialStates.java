package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A trial's state from what the watches saw: the job decides whether it has finished, the main pod gives the exit
 * code, the times, and why a trial still waits (unschedulable, image pull failing), so a stuck trial says why.
 */
final class TrialStates {
    /** Waiting reasons that are normal steps of a start, not worth reporting. */
    private static final Set<String> ROUTINE_WAITING = Set.of("ContainerCreating", "PodInitializing");

    private TrialStates() {}

    /**
     * @param container the trial container's name
     * @param cancelledAt when cancel was called here, or null
     * @param createdHere whether this service created the job (it may not be in the watch's cache yet)
     * @param seenBefore whether this service has seen the job in the watch's cache before
     */
    static TrialState of(
            Optional<WorkloadStatus> workload,
            Optional<Pod> mainPod,
            List<Pod> pods,
            String container,
            Instant cancelledAt,
            boolean createdHere,
            boolean seenBefore) {
        Optional<ContainerStatus> trial = mainPod.flatMap(p -> containerStatus(statuses(p, false), container));
        Optional<ContainerStateTerminated> ended =
                trial.map(ContainerStatus::getState).map(ContainerState::getTerminated);
        Instant startedAt = trial.map(TrialStates::startedAt).orElse(null);
        if (cancelledAt != null && (workload.isEmpty() || workload.get().outcome() == null)) {
            boolean stopped = workload.map(WorkloadStatus::deleting).orElse(true)
                    && pods.stream().allMatch(TrialStates::stopped);
            return stopped
                    ? new TrialState(
                            TrialPhase.CANCELED,
                            ended.map(ContainerStateTerminated::getExitCode).orElse(null),
                            startedAt,
                            cancelledAt,
                            "cancelled")
                    : new TrialState(
                            TrialPhase.RUNNING, null, startedAt, null, "cancelling: waiting for the pods to stop");
        }
        if (workload.isEmpty()) {
            if (seenBefore) {
                // Someone deleted it (kubectl, a namespace cleanup): it will never finish, so it must not wait.
                return new TrialState(TrialPhase.FAILED, null, startedAt, null, "the job was deleted outside Sibyl");
            }
            return createdHere
                    ? new TrialState(TrialPhase.WAITING, null, null, null, "Job created")
                    : TrialState.unknown();
        }
        WorkloadStatus job = workload.get();
        if (job.outcome() == null && job.deleting()) {
            return new TrialState(TrialPhase.CANCELED, null, startedAt, null, "the job is being deleted");
        }
        if (job.outcome() != null) {
            Integer exitCode = ended.map(ContainerStateTerminated::getExitCode)
                    .orElse(job.outcome() == TrialPhase.SUCCEEDED ? 0 : null);
            Instant start = startedAt != null ? startedAt : job.startedAt();
            Instant end = ended.map(t -> Workloads.time(t.getFinishedAt())).orElse(job.endedAt());
            String message = job.outcome() == TrialPhase.FAILED ? failure(mainPod, ended, job) : null;
            return new TrialState(job.outcome(), exitCode, start, end, message);
        }
        if (trial.isPresent()
                && trial.get().getState() != null
                && trial.get().getState().getRunning() != null) {
            return new TrialState(TrialPhase.RUNNING, null, startedAt, null, null);
        }
        if (ended.isPresent()) {
            return new TrialState(TrialPhase.RUNNING, null, startedAt, null, "ended; waiting for the job controller");
        }
        return new TrialState(
                TrialPhase.WAITING,
                null,
                null,
                null,
                mainPod.map(TrialStates::waitingReason).orElse("waiting for a pod"));
    }

    private static String failure(Optional<Pod> pod, Optional<ContainerStateTerminated> trial, WorkloadStatus job) {
        if (trial.isPresent()) {
            ContainerStateTerminated t = trial.get();
            String reason = t.getReason() == null ? "exited" : t.getReason();
            return reason + " with code " + t.getExitCode() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        Optional<ContainerStateTerminated> fetch = pod.flatMap(
                        p -> containerStatus(statuses(p, true), TrialPodTemplate.CODE_FETCHER))
                .map(ContainerStatus::getState)
                .map(ContainerState::getTerminated)
                .filter(t -> t.getExitCode() != null && t.getExitCode() != 0);
        if (fetch.isPresent()) {
            return "the code could not be fetched (" + TrialPodTemplate.CODE_FETCHER + " exited with code "
                    + fetch.get().getExitCode() + "; an expired code URL gives this too)";
        }
        return job.message() == null ? "the job failed" : job.message();
    }

    private static String waitingReason(Pod pod) {
        if (pod.getStatus() == null) {
            return "pod created";
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null
                ? List.of()
                : pod.getStatus().getConditions();
        for (PodCondition c : conditions) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return "not scheduled: " + BatchJobWorkloads.reason(c.getReason(), c.getMessage());
            }
        }
        for (List<ContainerStatus> statuses : List.of(statuses(pod, true), statuses(pod, false))) {
            for (ContainerStatus s : statuses) {
                ContainerStateWaiting waiting =
                        s.getState() == null ? null : s.getState().getWaiting();
                if (waiting != null && waiting.getReason() != null && !ROUTINE_WAITING.contains(waiting.getReason())) {
                    return s.getName() + ": " + BatchJobWorkloads.reason(waiting.getReason(), waiting.getMessage());
                }
                if (s.getState() != null
                        && s.getState().getRunning() != null
                        && TrialPodTemplate.CODE_FETCHER.equals(s.getName())) {
                    return "fetching the code";
                }
            }
        }
        return "pod " + pod.getStatus().getPhase();
    }

    private static boolean stopped(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Instant startedAt(ContainerStatus status) {
        ContainerState state = status.getState();
        if (state == null) {
            return null;
        }
        if (state.getRunning() != null) {
            return Workloads.time(state.getRunning().getStartedAt());
        }
        return state.getTerminated() == null
                ? null
                : Workloads.time(state.getTerminated().getStartedAt());
    }

    private static List<ContainerStatus> statuses(Pod pod, boolean init) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return nullToEmpty(
                init
                        ? pod.getStatus().getInitContainerStatuses()
                        : pod.getStatus().getContainerStatuses());
    }

    private static Optional<ContainerStatus> containerStatus(List<ContainerStatus> statuses, String name) {
        return nullToEmpty(statuses).stream()
                .filter(s -> name.equals(s.getName()))
                .findFirst();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
