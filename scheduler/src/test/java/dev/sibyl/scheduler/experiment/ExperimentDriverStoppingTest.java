package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentDriverStoppingTest {

    /** Stops a trial whose latest intermediate result is below 0.5; records what it was shown. */
    private static final class ThresholdAssessor implements Assessor {
        final List<Observation> judged = new ArrayList<>();
        final List<History> histories = new ArrayList<>();

        @Override
        public Verdict assess(Observation trial, History history) {
            judged.add(trial);
            histories.add(history);
            List<Double> rewards = trial.intermediate();
            return rewards.get(rewards.size() - 1) < 0.5 ? Verdict.BAD : Verdict.GOOD;
        }
    }

    @Test
    void aBadVerdictOfTheAssessorEarlyStopsTheTrial() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2));
        ThresholdAssessor assessor = new ThresholdAssessor();
        f.assessor = assessor;
        f.step();
        f.trainer.startAll();
        f.step();
        List<String> ids = f.trainer.inFlight();
        String good = ids.get(0);
        String bad = ids.get(1);
        f.trainer.reportIntermediate(good, 0.9);
        f.trainer.reportIntermediate(bad, 0.1);

        f.step();

        assertThat(assessor.judged)
                .extracting(Observation::intermediate)
                .containsExactlyInAnyOrder(List.of(0.9), List.of(0.1));
        assertThat(assessor.judged).allMatch(o -> o.outcome() == Observation.Outcome.PENDING);
        assertThat(assessor.histories.get(0).observations()).containsAll(assessor.judged);
        assertThat(f.trial(bad).cancelAs()).isEqualTo(TrialStatus.EARLY_STOPPED);
        assertThat(f.trainer.cancels()).containsExactly(bad);

        f.step();
        assertThat(f.trial(bad).status()).isEqualTo(TrialStatus.EARLY_STOPPED);
        assertThat(f.trial(good).status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(assessor.judged).hasSize(2); // no new result, no new judgement

        f.trainer.reportIntermediate(good, 0.2);
        f.step();
        f.step();
        assertThat(f.trial(good).status()).isEqualTo(TrialStatus.EARLY_STOPPED);
        assertThat(assessor.judged).hasSize(3);
        assertThat(f.inFlight()).isEqualTo(2);
    }

    @Test
    void aKillRecordedByTheServerReachesTheTrainingServiceAndEndsUserCanceled() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        f.trainer.startAll();
        f.step();
        String id = f.trials().get(0).trialId();

        f.store.requestCancel(id, TrialStatus.USER_CANCELED); // POST .../trials/{id}/kill
        f.step();
        assertThat(f.trainer.cancels()).containsExactly(id);

        f.step();
        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.USER_CANCELED);
        assertThat(f.trials()).hasSize(2);
        assertThat(f.trainer.cancels()).containsExactly(id);
    }

    @Test
    void aKilledTrialThatWasNeverSubmittedEndsWithoutRunning() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        TrialRecord queued = f.store.createTrial(Map.of("x", 3), ParameterSource.CUSTOMIZED);
        f.store.requestCancel(queued.trialId(), TrialStatus.USER_CANCELED);

        f.step();

        assertThat(f.trial(queued.trialId()).status()).isEqualTo(TrialStatus.USER_CANCELED);
        assertThat(f.trainer.submissions()).extracting(l -> l.trialId()).doesNotContain(queued.trialId());
    }

    @Test
    void stopCancelsEveryWaitingAndRunningTrialAndEndsStopped() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(3));
        f.step();
        List<String> ids = f.trainer.inFlight();
        f.trainer.start(ids.get(0));
        f.trainer.start(ids.get(1));
        f.step();
        f.trainer.succeed(ids.get(1), 0.7); // ended just before the stop, not yet reconciled
        TrialRecord queued = f.store.createTrial(Map.of("x", 8), ParameterSource.CUSTOMIZED);

        f.driver().stop();

        assertThat(f.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(f.trial(ids.get(0)).status()).isEqualTo(TrialStatus.USER_CANCELED);
        assertThat(f.trial(ids.get(2)).status()).isEqualTo(TrialStatus.USER_CANCELED);
        assertThat(f.trial(queued.trialId()).status()).isEqualTo(TrialStatus.USER_CANCELED);
        assertThat(f.trial(ids.get(1)).status()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(f.trial(ids.get(1)).finalReward()).isEqualTo(0.7);
        assertThat(f.trainer.inFlight()).isEmpty();
        assertThat(f.store.journal()).containsSubsequence("status STOPPING", "status STOPPED");

        f.steps(5);
        assertThat(f.trials()).hasSize(4);
        assertThat(f.status()).isEqualTo(ExperimentStatus.STOPPED);
    }

    @Test
    void aStoppingStatusSetByTheServerIsCarriedOutByTheNextStep() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2));
        f.step();
        f.trainer.startAll();
        f.step();

        f.store.setStatus(ExperimentStatus.STOPPING, null);
        f.step();

        assertThat(f.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(f.trials()).hasSize(2).allMatch(t -> t.status() == TrialStatus.USER_CANCELED);
        assertThat(f.trainer.inFlight()).isEmpty();
    }

    @Test
    void aTunerThatThrowsPutsTheExperimentInErrorWithAClearMessage() {
        SequenceTuner working = SequenceTuner.unlimited();
        Tuner failing = (history, count) -> {
            if (history.size() > 0) {
                throw new IllegalStateException("search space has no parameter 'lr'");
            }
            return working.ask(history, count);
        };
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2), failing);
        f.step();
        f.trainer.startAll();
        List<String> ids = f.trainer.inFlight();
        f.trainer.succeed(ids.get(0), 0.4);

        assertThatCode(f::step).doesNotThrowAnyException();

        assertThat(f.status()).isEqualTo(ExperimentStatus.ERROR);
        assertThat(f.store.message())
                .isEqualTo("The tuner failed while proposing parameters: search space has no parameter 'lr'");
        assertThat(f.trials()).hasSize(2);

        // the trial still running is followed to its end; nothing new starts
        f.trainer.succeed(ids.get(1), 0.6);
        f.steps(3);
        assertThat(f.trial(ids.get(1)).status()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(f.trial(ids.get(1)).finalReward()).isEqualTo(0.6);
        assertThat(f.trials()).hasSize(2);
        assertThat(f.status()).isEqualTo(ExperimentStatus.ERROR);
    }

    @Test
    void anAssessorThatThrowsPutsTheExperimentInError() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.assessor = (trial, history) -> {
            throw new ArithmeticException();
        };
        f.step();
        f.trainer.startAll();
        f.step();
        String id = f.trials().get(0).trialId();
        f.trainer.reportIntermediate(id, 1.0);

        f.step();

        assertThat(f.status()).isEqualTo(ExperimentStatus.ERROR);
        assertThat(f.store.message())
                .isEqualTo("The assessor failed while judging trial " + id + ": ArithmeticException");
    }

    @Test
    void stoppingAnExperimentInErrorCancelsItsTrialsAndKeepsTheError() {
        Tuner failing = (history, count) -> {
            throw new IllegalStateException("tuner host exited with code 137");
        };
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2), failing);
        TrialRecord customized = f.store.createTrial(Map.of("x", 1), ParameterSource.CUSTOMIZED);
        f.step(); // submits the customized trial, then the ask fails
        assertThat(f.status()).isEqualTo(ExperimentStatus.ERROR);

        f.driver().stop();

        assertThat(f.trial(customized.trialId()).status()).isEqualTo(TrialStatus.USER_CANCELED);
        assertThat(f.status()).isEqualTo(ExperimentStatus.ERROR);
        assertThat(f.store.message()).contains("tuner host exited with code 137");
    }
}
