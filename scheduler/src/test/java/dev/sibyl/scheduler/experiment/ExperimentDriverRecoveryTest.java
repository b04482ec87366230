package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentDriverRecoveryTest {

    @Test
    void aRebuiltDriverReattachesToTrialsTheServiceStillRuns() {
        DriverFixture f = new DriverFixture(new Limits(2, 3, null, null));
        f.step();
        f.trainer.startAll();
        f.step();
        List<TrialRecord> before = f.trials();

        SequenceTuner fresh = SequenceTuner.unlimited();
        f.rebuild(fresh);
        f.steps(3);

        assertThat(f.trials()).isEqualTo(before);
        assertThat(f.trainer.submissions()).hasSize(2);
        assertThat(fresh.asks()).isEmpty();

        // the budget was not counted twice: exactly one more trial fits in maxTrialNumber = 3
        f.finishEverything();
        f.step();
        f.step();
        assertThat(f.trials()).hasSize(3);
        assertThat(fresh.lastAsk().count()).isEqualTo(1);
        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
    }

    @Test
    void aRebuiltDriverResubmitsTrialsTheServiceLostUnderTheSameIds() {
        DriverFixture f = new DriverFixture(new Limits(2, 2, null, null));
        f.step();
        f.trainer.startAll();
        f.step();
        List<TrialLaunch> original = f.trainer.submissions();

        f.rebuildWithLostTrainingService(SequenceTuner.unlimited());
        f.step();

        assertThat(f.trainer.submissions()).containsExactlyElementsOf(original);
        assertThat(f.trials()).hasSize(2).allMatch(t -> t.status() == TrialStatus.RUNNING);
        assertThat(f.trainer.inFlight()).hasSize(2);

        f.finishEverything();
        f.step();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
        assertThat(f.trials()).hasSize(2).allMatch(t -> t.status() == TrialStatus.SUCCEEDED);
        assertThat(f.sequenceTuner().asks()).isEmpty();
    }

    @Test
    void aTrialWhoseMachineWasLostEndsWithTheReasonAndItsParametersRunAgainOutsideTheBudget() {
        DriverFixture f = new DriverFixture(new Limits(2, 2, null, null));
        f.step();
        f.trainer.startAll();
        f.step();
        TrialRecord gone = f.trials().get(0);
        f.trainer.lose(gone.trialId(), "machine b is unhealthy: cannot connect to b");

        f.step();

        TrialRecord ended = f.trial(gone.trialId());
        assertThat(ended.status()).isEqualTo(TrialStatus.SYS_CANCELED);
        assertThat(f.store.trialMessage(gone.trialId()))
                .startsWith(ExperimentDriver.LOST_PREFIX)
                .contains("machine b is unhealthy: cannot connect to b")
                .contains("queued again as trial ");
        TrialRecord again = f.trials().stream()
                .filter(t -> gone.trialId().equals(t.requeuedFrom()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the lost trial was not queued again: " + f.trials()));
        assertThat(again.parameters()).isEqualTo(gone.parameters());
        assertThat(again.parameterId()).isEqualTo(gone.parameterId());
        assertThat(again.parameterRecord()).isEqualTo(gone.parameterRecord());
        assertThat(f.store.journal()).anySatisfy(line -> assertThat(line).startsWith("requeue " + gone.trialId()));

        f.step();
        assertThat(f.trainer.submissions()).extracting(TrialLaunch::trialId).contains(again.trialId());
        f.finishEverything();
        f.step();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
        // maxTrialNumber 2: the two original trials, plus the lost one's second run, which is not counted
        assertThat(f.trials()).hasSize(3);
        assertThat(f.trials().stream().filter(t -> t.status() == TrialStatus.SUCCEEDED))
                .hasSize(2);
        assertThat(f.sequenceTuner().asks())
                .allSatisfy(ask -> assertThat(ask.count()).isLessThanOrEqualTo(2));
    }

    @Test
    void aTrialStoredButNotSubmittedBeforeACrashIsSubmittedByTheNextDriver() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.trainer.beforeSubmit(launch -> {
            throw new IllegalStateException("the server was killed here");
        });
        assertThatThrownBy(f::step).hasMessage("the server was killed here");
        TrialRecord stored = f.trials().get(0);
        assertThat(stored.submitted()).isFalse();

        f.trainer.beforeSubmit(launch -> {});
        SequenceTuner fresh = SequenceTuner.unlimited();
        f.rebuild(fresh);
        f.step();

        assertThat(f.trials()).hasSize(1);
        assertThat(f.trial(stored.trialId()).submitted()).isTrue();
        assertThat(f.trainer.phase(stored.trialId())).isEqualTo(TrialPhase.WAITING);
        assertThat(fresh.asks()).isEmpty();
    }

    @Test
    void aStopRequestSurvivesARestart() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        f.trainer.startAll();
        f.step();
        String id = f.trials().get(0).trialId();
        f.store.requestCancel(id, TrialStatus.EARLY_STOPPED);

        f.rebuild(SequenceTuner.unlimited());
        f.step();
        f.step();

        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.EARLY_STOPPED);
    }

    @Test
    void aRebuiltTunerIsAskedWithTheSameHistoryAsTheLiveOne() {
        DriverFixture live = new DriverFixture(new Limits(3, 30, null, null));
        DriverFixture restarted = new DriverFixture(new Limits(3, 30, null, null));
        List<SequenceTuner> restartedTuners = new ArrayList<>();
        restartedTuners.add(restarted.sequenceTuner());

        for (int round = 0; round < 30; round++) {
            play(live, round);
            if (round % 4 == 3) {
                SequenceTuner fresh = SequenceTuner.unlimited();
                restartedTuners.add(fresh);
                restarted.rebuild(fresh);
            }
            play(restarted, round);
        }

        List<SequenceTuner.Ask> replayed =
                restartedTuners.stream().flatMap(t -> t.asks().stream()).toList();
        assertThat(live.sequenceTuner().asks()).hasSizeGreaterThan(10);
        assertThat(replayed).containsExactlyElementsOf(live.sequenceTuner().asks());
        assertThat(restarted.trials()).isEqualTo(live.trials());
        assertThat(live.status()).isEqualTo(ExperimentStatus.DONE);
    }

    /** The same things happen to both experiments: results depend on the round, some trials fail. */
    private static void play(DriverFixture f, int round) {
        f.trainer.startAll();
        List<String> running = f.trainer.inFlight();
        if (!running.isEmpty()) {
            String first = running.get(0);
            f.trainer.reportIntermediate(first, round * 0.01);
            f.trainer.succeed(first, (round * 7 % 10) / 10.0);
        }
        if (running.size() > 1 && round % 3 == 0) {
            f.trainer.exit(running.get(1), 1);
        }
        f.step();
    }
}
