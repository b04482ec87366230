package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trials wait for the pool scheduler's admission, holding their place in trialConcurrency meanwhile. */
class ExperimentDriverAdmissionTest {

    @Test
    void onlyAdmittedTrialsAreSubmittedAndQueuedOnesHoldTheirConcurrencySlots() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(3));
        Set<String> admitted = new HashSet<>();
        f.admission = (experiment, trial) -> {
            assertThat(experiment).isEqualTo(DriverFixture.EXPERIMENT_ID);
            return admitted.contains(trial);
        };

        f.step();
        assertThat(f.trials())
                .as("the tuner fills trialConcurrency with queued trials")
                .hasSize(3);
        assertThat(f.trainer.submissions()).isEmpty();
        assertThat(f.trials()).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TrialStatus.WAITING);
            assertThat(t.submitted()).isFalse();
        });

        f.steps(4);
        assertThat(f.trials()).as("queued trials are not replaced by more").hasSize(3);

        String first = f.trials().get(0).trialId();
        admitted.add(first);
        f.step();
        assertThat(f.trainer.submissions()).hasSize(1);
        assertThat(f.store.trial(first).submitted()).isTrue();

        f.trainer.startAll();
        f.trainer.succeed(first, 1.0);
        f.step();
        assertThat(f.trials())
                .as("the ended trial's slot goes to a new, queued trial")
                .hasSize(4);
        assertThat(f.trainer.submissions()).hasSize(1);

        f.trials().forEach(t -> admitted.add(t.trialId()));
        f.step();
        assertThat(f.trainer.submissions()).hasSize(4);
        assertThat(f.inFlight()).isEqualTo(3);
    }

    /**
     * The pool scheduler keeps an ended trial's resources for its experiment until the driver says what follows it is
     * queued (ADR 0032): once per step that ended trials, after the tuner's new trials are stored, and not otherwise.
     */
    @Test
    void aStepThatEndsTrialsHandsTheirResourcesOverOnlyAfterQueueingWhatFollows() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2));
        List<Integer> trialsAtHandover = new ArrayList<>();
        f.admission = new Admission() {
            @Override
            public boolean mayStart(String experimentId, String trialId) {
                return true;
            }

            @Override
            public void handedOver(String experimentId) {
                assertThat(experimentId).isEqualTo(DriverFixture.EXPERIMENT_ID);
                trialsAtHandover.add(f.trials().size());
            }
        };

        f.step();
        f.trainer.startAll();
        f.steps(3);
        assertThat(trialsAtHandover).as("no trial has ended yet").isEmpty();

        f.trainer.succeed(f.trials().get(0).trialId(), 1.0);
        f.trainer.exit(f.trials().get(1).trialId(), 1);
        f.step();
        assertThat(trialsAtHandover)
                .as("one hand-over, with both successors already stored")
                .containsExactly(4);

        f.trainer.startAll();
        f.steps(3);
        assertThat(trialsAtHandover)
                .as("steps that end nothing hand nothing over")
                .hasSize(1);
    }

    @Test
    void theSchedulersPlacementTravelsWithTheLaunch() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2));
        Placement onGpuThree = new Placement("gpu-box-2", List.of(3));
        f.admission = new Admission() {
            @Override
            public boolean mayStart(String experimentId, String trialId) {
                return true;
            }

            @Override
            public Placement placement(String experimentId, String trialId) {
                return trialId.equals(f.trials().get(0).trialId()) ? onGpuThree : null;
            }
        };

        f.step();

        assertThat(f.trainer.submissions()).hasSize(2);
        assertThat(f.trainer.submissions().get(0).placement()).isEqualTo(onGpuThree);
        assertThat(f.trainer.submissions().get(1).placement()).isNull();
    }
}
