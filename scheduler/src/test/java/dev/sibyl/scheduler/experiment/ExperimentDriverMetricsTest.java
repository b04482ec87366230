package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.TrainerException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExperimentDriverMetricsTest {

    @Test
    void storesTheFinalFileMetricBeforeMarkingTheTrialFinished() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        String id = f.trials().get(0).trialId();
        f.trainer.start(id);
        f.step();
        // the trial reports and exits between two steps
        f.trainer.reportIntermediate(id, 0.4);
        f.trainer.succeed(id, 0.93);

        f.step();

        TrialRecord trial = f.trial(id);
        assertThat(trial.status()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(trial.finalReward()).isEqualTo(0.93);
        assertThat(trial.intermediateRewards()).containsExactly(0.4);
        assertThat(f.store.journal()).containsSubsequence("metrics " + id + " 2", "finished " + id + " SUCCEEDED");
        assertThat(f.store.metrics(id))
                .containsExactly(
                        "{\"parameter_id\": 0, \"trial_job_id\": \"" + id
                                + "\", \"type\": \"PERIODICAL\", \"sequence\": 0, \"value\": \"0.4\"}",
                        "{\"parameter_id\": 0, \"trial_job_id\": \"" + id
                                + "\", \"type\": \"FINAL\", \"sequence\": 0, \"value\": \"0.93\"}");
    }

    @Test
    void readsTheFileChannelOnceFromTheStoredOffset() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        String id = f.trials().get(0).trialId();
        f.trainer.start(id);
        f.trainer.reportIntermediate(id, 0.1);
        f.step();
        long afterFirst = f.trial(id).metricOffset();
        assertThat(afterFirst).isPositive();

        f.trainer.reportIntermediate(id, 0.2);
        f.step();
        f.step();
        assertThat(f.trial(id).intermediateRewards()).containsExactly(0.1, 0.2);
        assertThat(f.store.metrics(id)).hasSize(2);

        // a record the trial is still writing is left for the next read
        byte[] record = ("ME000098{\"parameter_id\": 0, \"trial_job_id\": \"" + id
                        + "\", \"type\": \"PERIODICAL\", \"sequence\": 2, \"value\": \"0.3\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(record).hasSize(8 + 98);
        long beforeHalf = f.trial(id).metricOffset();
        f.trainer.appendToMetricsFile(id, java.util.Arrays.copyOfRange(record, 0, 40));
        f.step();
        assertThat(f.trial(id).metricOffset()).isEqualTo(beforeHalf);
        assertThat(f.store.metrics(id)).hasSize(2);

        f.trainer.appendToMetricsFile(id, java.util.Arrays.copyOfRange(record, 40, record.length));
        f.step();
        assertThat(f.trial(id).intermediateRewards()).containsExactly(0.1, 0.2, 0.3);
        assertThat(f.trial(id).metricOffset()).isEqualTo(beforeHalf + record.length);
    }

    @Test
    void aTrialWhoseMetricsCannotBeReadIsNotMarkedFinishedYet() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        String id = f.trials().get(0).trialId();
        f.trainer.start(id);
        f.step();
        f.trainer.succeed(id, 0.7);
        f.trainer.failReads(new TrainerException(TrainerException.Kind.RETRIABLE, "ssh: connection reset"));

        f.steps(3);
        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(f.trials()).hasSize(1);

        f.trainer.failReads(null);
        f.step();
        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(f.trial(id).finalReward()).isEqualTo(0.7);
        assertThat(f.trials()).hasSize(2);
    }

    @Test
    void aFailedTrialKeepsTheMessageOfTheTrainingService() {
        DriverFixture f = new DriverFixture(DriverFixture.concurrency(1));
        f.step();
        String id = f.trials().get(0).trialId();
        f.trainer.start(id);
        f.trainer.exit(id, 3);

        f.step();

        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.FAILED);
        assertThat(f.trial(id).startedAt()).isNotNull();
        assertThat(f.trial(id).endedAt()).isNotNull();
        assertThat(f.store.trialMessage(id)).isEqualTo("exit code 3");
        assertThat(f.store.journal()).containsSubsequence("running " + id, "finished " + id + " FAILED");
        assertThat(f.trials()).hasSize(2);
    }
}
