package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrialPhase;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One {@code batch/v1} Job per trial: one pod, never restarted, never retried (backoffLimit 0). */
final class BatchJobWorkloads extends Workloads<Job> {
    BatchJobWorkloads(
            KubernetesClient client, String namespace, Map<String, String> experimentLabels, Duration syncTimeout) {
        super(client.batch().v1().jobs(), namespace, experimentLabels, syncTimeout, "Jobs");
    }

    @Override
    Job describe(ObjectMeta metadata, Templates templates) {
        return new JobBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withBackoffLimit(0)
                .withCompletions(1)
                .withParallelism(1)
                .withTemplate(templates.apply(MAIN_ROLE))
                .endSpec()
                .build();
    }

    @Override
    WorkloadStatus status(Job job) {
        JobStatus status = job.getStatus();
        if (status == null) {
            return new WorkloadStatus(null, false, null, null, null);
        }
        Instant started = time(status.getStartTime());
        List<JobCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        for (JobCondition condition : conditions) {
            if (!"True".equals(condition.getStatus())) {
                continue;
            }
            if ("Complete".equals(condition.getType())) {
                Instant ended = time(status.getCompletionTime());
                return new WorkloadStatus(
                        TrialPhase.SUCCEEDED,
                        false,
                        started,
                        ended != null ? ended : time(condition.getLastTransitionTime()),
                        null);
            }
            if ("Failed".equals(condition.getType())) {
                return new WorkloadStatus(
                        TrialPhase.FAILED,
                        false,
                        started,
                        time(condition.getLastTransitionTime()),
                        reason(condition.getReason(), condition.getMessage()));
            }
        }
        // Before the terminal condition is written the counters already tell (backoffLimit 0: one pod only).
        if (status.getSucceeded() != null && status.getSucceeded() > 0) {
            return new WorkloadStatus(TrialPhase.SUCCEEDED, false, started, time(status.getCompletionTime()), null);
        }
        if (status.getFailed() != null && status.getFailed() > 0) {
            return new WorkloadStatus(TrialPhase.FAILED, false, started, null, null);
        }
        return new WorkloadStatus(null, false, started, null, null);
    }

    static String reason(String reason, String message) {
        if (reason == null) {
            return message;
        }
        return message == null ? reason : reason + ": " + message;
    }
}
