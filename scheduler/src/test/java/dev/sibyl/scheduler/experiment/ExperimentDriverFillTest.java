package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentDriverFillTest {

    @Test
    void keepsExactlyTrialConcurrencyTrialsInFlight() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(3));

        f.step();
        assertThat(f.trials()).hasSize(3);
        assertThat(f.trainer.inFlight()).hasSize(3);

        f.steps(5); // nothing ended: nothing new
        assertThat(f.trials()).hasSize(3);

        for (int round = 0; round < 12; round++) {
            f.trainer.startAll();
            List<String> running = f.trainer.inFlight();
            f.trainer.succeed(running.get(0), round);
            if (round % 3 == 0) {
                f.trainer.exit(running.get(1), 1);
            }
            f.step();
            assertThat(f.inFlight()).isEqualTo(3);
            assertThat(f.trainer.inFlight()).hasSize(3);
        }
        assertThat(f.trials()).hasSize(3 + 12 + 4);
        assertThat(f.trainer.submissions()).hasSize(f.trials().size());
    }

    @Test
    void writesEachTrialBeforeSubmittingIt() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2));
        List<TrialRecord> atSubmit = new ArrayList<>();
        f.trainer.beforeSubmit(launch -> atSubmit.add(f.store.trial(launch.trialId())));

        f.step();

        assertThat(atSubmit).hasSize(2).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TrialStatus.WAITING);
            assertThat(t.submitted()).isFalse();
        });
        assertThat(f.trials()).allMatch(TrialRecord::submitted);
        String first = atSubmit.get(0).trialId();
        assertThat(f.store.journal()).containsSubsequence("create " + first, "submitted " + first);
    }

    @Test
    void buildsTheLaunchFromThePlanTheTrialRecordAndTheEnvironment() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(2));

        f.step();

        TrialRecord second = f.trials().get(1);
        assertThat(second.parameterRecord())
                .isEqualTo("{\"parameter_id\": 1, \"parameter_source\": \"algorithm\","
                        + " \"parameters\": {\"x\": 1, \"best\": null}, \"parameter_index\": 0}");
        assertThat(f.trainer.submissions().get(1))
                .isEqualTo(new TrialLaunch(
                        "k3j9x0ab",
                        second.trialId(),
                        1,
                        second.parameterRecord(),
                        "python3 trial.py",
                        f.plan.codeDirectory(),
                        1,
                        Map.of(
                                "SIBYL_TRIAL_CHANNEL",
                                "http://127.0.0.1:8080/api/v1/trial-channel/" + second.trialId())));
    }

    @Test
    void submitsCustomizedTrialsCreatedByTheServerBeforeAskingTheTuner() {
        DriverFixture f = new DriverFixture(new Limits(4, 3, null, null));
        TrialRecord customized = f.store.createTrial(Map.of("x", 42), ParameterSource.CUSTOMIZED);

        f.step();

        assertThat(f.trial(customized.trialId()).submitted()).isTrue();
        assertThat(f.trainer.submissions().get(0).trialId()).isEqualTo(customized.trialId());
        // the customized trial counts toward maxTrialNumber: 3 - 1 left for the tuner although 3 slots are free
        SequenceTuner.Ask ask = f.sequenceTuner().lastAsk();
        assertThat(ask.count()).isEqualTo(2);
        assertThat(ask.history().observations())
                .containsExactly(new Observation(-1, Map.of("x", 42), Observation.Outcome.PENDING, null, List.of()));
        assertThat(f.trials()).hasSize(3);
        assertThat(f.trials().get(1).parameterId()).isZero();
    }

    @Test
    void waitingTrialsBeyondTheFreeSlotsWaitAndTheTunerIsNotAsked() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        TrialRecord first = f.store.createTrial(Map.of("x", 1), ParameterSource.CUSTOMIZED);
        TrialRecord second = f.store.createTrial(Map.of("x", 2), ParameterSource.CUSTOMIZED);

        f.steps(3);

        assertThat(f.trial(first.trialId()).submitted()).isTrue();
        assertThat(f.trial(second.trialId()).submitted()).isFalse();
        assertThat(f.sequenceTuner().asks()).isEmpty();

        f.trainer.start(first.trialId());
        f.trainer.succeed(first.trialId(), 1.0);
        f.step();

        assertThat(f.trial(second.trialId()).submitted()).isTrue();
        assertThat(f.sequenceTuner().asks()).isEmpty();
        assertThat(f.trials()).hasSize(2);
    }

    @Test
    void aTrialTheServiceRejectsFailsWithTheServiceMessageAndTheTunerLearnsIt() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.trainer.failNextSubmit(new TrainerException(
                TrainerException.Kind.REJECTED, "trialGpuNumber 1 is more than the 0 GPUs of this pool"));

        f.step();

        TrialRecord rejected = f.trials().get(0);
        assertThat(rejected.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(f.store.trialMessage(rejected.trialId()))
                .isEqualTo("the training service rejected the trial:"
                        + " trialGpuNumber 1 is more than the 0 GPUs of this pool");
        assertThat(f.trainer.submissions()).isEmpty();

        f.step();

        assertThat(f.trials()).hasSize(2);
        assertThat(f.trainer.submissions()).hasSize(1);
        History seen = f.sequenceTuner().lastAsk().history();
        assertThat(seen.observations().get(0).outcome()).isEqualTo(Observation.Outcome.FAILED);
    }

    @Test
    void aRetriableSubmitFailureLeavesTheTrialForTheNextStep() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.trainer.failNextSubmit(new TrainerException(TrainerException.Kind.RETRIABLE, "connection reset"));

        f.step();

        TrialRecord trial = f.trials().get(0);
        assertThat(trial.status()).isEqualTo(TrialStatus.WAITING);
        assertThat(trial.submitted()).isFalse();

        f.step();

        assertThat(f.trials()).hasSize(1);
        assertThat(f.trial(trial.trialId()).submitted()).isTrue();
        assertThat(f.trainer.submissions()).extracting(TrialLaunch::trialId).containsExactly(trial.trialId());
        assertThat(f.sequenceTuner().asks()).hasSize(1);
    }

    @Test
    void theTunerSeesImportedDataThenEveryTrialWithItsOutcome() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(3));
        Observation imported = f.store.importObservation(Map.of("x", -1), 0.25);
        f.step();
        f.trainer.startAll();
        List<String> ids = f.trainer.inFlight();
        f.trainer.reportIntermediate(ids.get(0), 0.5);
        f.trainer.succeed(ids.get(0), 0.8);
        f.trainer.exit(ids.get(1), 2);
        f.trainer.reportIntermediate(ids.get(2), 0.3);

        f.step();

        History seen = f.sequenceTuner().lastAsk().history();
        assertThat(seen.observations())
                .containsExactly(
                        imported,
                        new Observation(1, params(1, 0.25), Observation.Outcome.SUCCEEDED, 0.8, List.of(0.5)),
                        new Observation(2, params(2, 0.25), Observation.Outcome.FAILED, null, List.of()),
                        new Observation(3, params(3, 0.25), Observation.Outcome.PENDING, null, List.of(0.3)));
        assertThat(f.sequenceTuner().lastAsk().answer()).containsExactly(params(4, 0.8), params(5, 0.8));
    }

    private static Map<String, Object> params(long x, Double best) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("x", x);
        p.put("best", best);
        return p;
    }
}
