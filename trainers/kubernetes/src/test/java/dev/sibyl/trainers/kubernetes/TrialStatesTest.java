package dev.sibyl.trainers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrialStatesTest {
    private static final WorkloadStatus ACTIVE = new WorkloadStatus(null, false, null, null, null);

    @Test
    void aTrialWhoseImageCannotBePulledWaitsSayingSo() {
        Pod pod = new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewInitContainerStatus()
                .withName("fetch-code")
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .endTerminated()
                .endState()
                .endInitContainerStatus()
                .addNewContainerStatus()
                .withName("trial")
                .withNewState()
                .withNewWaiting()
                .withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry.example/private:1\"")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();

        TrialState state = of(Optional.of(ACTIVE), pod);

        assertThat(state.phase()).isEqualTo(TrialPhase.WAITING);
        assertThat(state.message())
                .isEqualTo("trial: ImagePullBackOff: Back-off pulling image \"registry.example/private:1\"");
    }

    @Test
    void routineStartingStepsAreNotReportedAsProblems() {
        Pod pod = new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewContainerStatus()
                .withName("trial")
                .withNewState()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();

        assertThat(of(Optional.of(ACTIVE), pod).message()).isEqualTo("pod Pending");
    }

    @Test
    void aCancelledTrialEndsOnlyWhenItsPodsHaveStopped() {
        Pod running = new PodBuilder()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        Instant cancelled = Instant.parse("2026-12-04T08:00:00Z");

        TrialState stopping =
                TrialStates.of(Optional.empty(), Optional.empty(), List.of(running), "trial", cancelled, true, true);
        TrialState stopped =
                TrialStates.of(Optional.empty(), Optional.empty(), List.of(), "trial", cancelled, true, true);

        assertThat(stopping.phase()).isEqualTo(TrialPhase.RUNNING);
        assertThat(stopped.phase()).isEqualTo(TrialPhase.CANCELED);
        assertThat(stopped.endedAt()).isEqualTo(cancelled);
    }

    private static TrialState of(Optional<WorkloadStatus> job, Pod pod) {
        return TrialStates.of(job, Optional.of(pod), List.of(pod), "trial", null, true, true);
    }
}
