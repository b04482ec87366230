package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Tuner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentDriverLimitsTest {

    @Test
    void stopsAtMaxTrialNumberWithExactlyThatManyTrialsAndIsDoneAfterTheyEnd() {
        DriverFixture f = new DriverFixture(new Limits(2, 3, null, null));

        f.step();
        f.finishEverything();
        f.step();
        assertThat(f.trials()).hasSize(3);
        assertThat(f.sequenceTuner().lastAsk().count()).isEqualTo(1); // 2 slots free, 1 trial left in the budget

        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
        assertThat(f.store.message()).isEqualTo("maxTrialNumber (3) reached");

        f.trainer.startAll();
        f.steps(10);
        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
        assertThat(f.trials()).hasSize(3);

        f.finishEverything();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
        assertThat(f.trials()).hasSize(3).allMatch(t -> t.status() == TrialStatus.SUCCEEDED);
        assertThat(f.trainer.submissions()).hasSize(3);
        assertThat(f.sequenceTuner().asks()).hasSize(2);
    }

    @Test
    void aCustomizedTrialTakingTheLastSlotWhileTheTunerThinksIsNeverExceeded() {
        SequenceTuner sequence = SequenceTuner.unlimited();
        DriverFixture[] fixture = new DriverFixture[1];
        Tuner racingTuner = (history, count) -> {
            // The REST API adds a customized trial between the driver's snapshot and its createTrial calls.
            fixture[0].store.createTrial(Map.of("x", 1), ParameterSource.CUSTOMIZED);
            return sequence.ask(history, count);
        };
        DriverFixture f = new DriverFixture(new Limits(3, 3, null, null), racingTuner);
        fixture[0] = f;

        f.step();

        assertThat(f.trials()).hasSize(3);
        assertThat(sequence.lastAsk().count()).isEqualTo(3);
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
        assertThat(f.trials()).hasSize(3);
    }

    @Test
    void maxExperimentDurationStopsProposingThenTheExperimentIsDone() {
        DriverFixture f = new DriverFixture(new Limits(2, null, Duration.ofSeconds(10), null));
        f.step();
        f.trainer.startAll();

        int steps = 0;
        while (f.status() == ExperimentStatus.RUNNING && steps < 100) {
            f.step();
            steps++;
        }

        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
        assertThat(f.store.message()).isEqualTo("maxExperimentDuration (PT10S) reached");
        assertThat(f.store.execDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(f.trials()).hasSize(2);

        f.steps(8);
        assertThat(f.trials()).hasSize(2);
        f.finishEverything();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
    }

    @Test
    void trialsThatCouldNotStartBeforeTheTimeRanOutAreSysCanceled() {
        DriverFixture f = new DriverFixture(new Limits(1, null, Duration.ofSeconds(1), null));
        f.step();
        TrialRecord late = f.store.createTrial(Map.of("x", 9), ParameterSource.CUSTOMIZED);
        f.steps(5);

        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
        assertThat(f.trial(late.trialId()).status()).isEqualTo(TrialStatus.SYS_CANCELED);
        assertThat(f.store.trialMessage(late.trialId()))
                .isEqualTo("maxExperimentDuration reached before the trial could start");
        assertThat(f.trainer.submissions()).hasSize(1);

        f.finishEverything();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
    }

    @Test
    void timeWhileTheExperimentIsNotRunningIsNotCounted() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step(); // first step after start: nothing to count yet
        f.steps(4);
        assertThat(f.store.execDuration()).isEqualTo(Duration.ofSeconds(1));

        f.driver().stop();
        f.clock.advance(Duration.ofHours(3));
        f.steps(4);
        assertThat(f.store.execDuration()).isEqualTo(Duration.ofSeconds(1));

        f.store.setStatus(ExperimentStatus.RUNNING, null); // resumed by the server
        f.clock.advance(Duration.ofHours(1));
        f.steps(3);
        assertThat(f.store.execDuration()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void tunerExhaustionGivesTunerNoMoreTrialThenDone() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2), new SequenceTuner(3));

        f.step();
        f.finishEverything();
        f.step();

        // The tuner answered short while its third trial runs: that may mean "wait for results", so the
        // experiment keeps running and the tuner is asked again; nothing new is created.
        assertThat(f.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(f.trials()).hasSize(3);
        f.steps(5);
        assertThat(f.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(f.trials()).hasSize(3);

        f.finishEverything();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.TUNER_NO_MORE_TRIAL);
        assertThat(f.store.message()).isEqualTo("the tuner has no more parameters to propose");
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
        assertThat(f.trials()).hasSize(3);
    }

    @Test
    void aTunerThatWaitsForResultsIsAskedAgainOnceTheyArrive() {
        // Like serial Hyperband: nothing while a proposal is pending, one more after each result, four in all.
        Tuner waiting = (history, count) ->
                history.pending().isEmpty() && history.size() < 4 ? List.of(Map.of("x", history.size())) : List.of();
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(3), waiting);

        for (int round = 1; round <= 4; round++) {
            f.step();
            assertThat(f.trials()).hasSize(round);
            assertThat(f.status()).isEqualTo(ExperimentStatus.RUNNING);
            f.finishEverything();
        }
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.TUNER_NO_MORE_TRIAL);
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
        assertThat(f.trials()).hasSize(4);
    }

    @Test
    void aCustomizedTrialAddedAfterTheTunerIsExhaustedStillRuns() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1), new SequenceTuner(0));
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.TUNER_NO_MORE_TRIAL);

        TrialRecord customized = f.store.createTrial(Map.of("x", 5), ParameterSource.CUSTOMIZED);
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.TUNER_NO_MORE_TRIAL);
        assertThat(f.trial(customized.trialId()).submitted()).isTrue();

        f.finishEverything();
        f.step();
        assertThat(f.trial(customized.trialId()).status()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(f.status()).isEqualTo(ExperimentStatus.DONE);
    }

    @Test
    void raisingMaxTrialNumberWhileTheLastTrialsRunResumesProposing() {
        DriverFixture f = new DriverFixture(new Limits(1, 1, null, null));
        f.step();
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);

        f.store.setLimits(new Limits(1, 2, null, null));
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(f.trials()).hasSize(1); // the slot is still taken

        f.finishEverything();
        f.step();
        assertThat(f.trials()).hasSize(2);
        f.step();
        assertThat(f.status()).isEqualTo(ExperimentStatus.NO_MORE_TRIAL);
    }

    @Test
    void aTrialRunningLongerThanMaxTrialDurationIsEarlyStopped() {
        DriverFixture f = new DriverFixture(new Limits(1, null, null, Duration.ofSeconds(5)));
        f.step();
        String id = f.trials().get(0).trialId();
        f.trainer.start(id);
        f.step();
        assertThat(f.trial(id).startedAt()).isEqualTo(f.clock.instant().minus(DriverFixture.TICK));

        f.steps(19); // 5 s after the start: not more than the limit yet
        assertThat(f.trainer.cancels()).isEmpty();

        f.step();
        assertThat(f.trial(id).cancelAs()).isEqualTo(TrialStatus.EARLY_STOPPED);
        assertThat(f.trainer.cancels()).containsExactly(id);

        f.step();
        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.EARLY_STOPPED);
        assertThat(f.trials()).hasSize(2); // its slot is used again
        assertThat(f.trainer.cancels()).containsExactly(id);
    }

    @Test
    void maxTrialDurationCountsFromTheStartNotFromTheSubmission() {
        DriverFixture f = new DriverFixture(new Limits(1, null, null, Duration.ofSeconds(1)));
        f.step();

        f.steps(40); // waiting for a GPU for 10 s

        assertThat(f.trials()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TrialStatus.WAITING);
            assertThat(t.cancelAs()).isNull();
        });
        assertThat(f.trainer.cancels()).isEmpty();
        assertThat(f.status()).isEqualTo(ExperimentStatus.RUNNING);
    }
}
