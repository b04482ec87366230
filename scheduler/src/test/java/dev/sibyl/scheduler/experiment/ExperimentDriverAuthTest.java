package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.TrainerException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A training service that refuses the credentials while trials run (a revoked token) must not hold them forever. */
class ExperimentDriverAuthTest {
    private static final TrainerException REVOKED =
            new TrainerException(TrainerException.Kind.AUTH, "401 Unauthorized: token revoked");

    @Test
    void trialsPolledWithRefusedCredentialsForTheGracePeriodEndFailedWithTheServicesMessage() {
        DriverFixture f = new DriverFixture(new Limits(2, 2, null, null));
        f.step();
        f.trainer.startAll();
        f.step();
        assertThat(f.countIn(TrialStatus.RUNNING)).isEqualTo(2);

        f.trainer.failPolls(REVOKED);
        f.step();
        f.clock.advance(ExperimentDriver.AUTH_REFUSAL_GRACE.minus(Duration.ofSeconds(1)));
        f.step();
        assertThat(f.countIn(TrialStatus.RUNNING))
                .as("a short refusal is retried")
                .isEqualTo(2);

        f.clock.advance(Duration.ofSeconds(1));
        f.step();

        assertThat(f.trials()).hasSize(2).allMatch(t -> t.status() == TrialStatus.FAILED);
        for (TrialRecord t : f.trials()) {
            assertThat(f.store.trialMessage(t.trialId()))
                    .contains("refused the credentials")
                    .contains("401 Unauthorized: token revoked");
        }
        assertThat(f.trainer.cancels())
                .as("the service is still told to stop them")
                .hasSize(2);
        assertThat(f.status()).as("nothing is left in flight").isEqualTo(ExperimentStatus.DONE);
    }

    @Test
    void credentialsAcceptedAgainBeforeTheGracePeriodEndsLeaveTheTrialRunningAndRestartTheCount() {
        DriverFixture f = new DriverFixture(new Limits(1, 1, null, null));
        f.step();
        f.trainer.startAll();
        f.step();
        String id = f.trials().get(0).trialId();

        f.trainer.failPolls(REVOKED);
        f.step();
        f.clock.advance(ExperimentDriver.AUTH_REFUSAL_GRACE.minus(Duration.ofSeconds(5)));
        f.step();
        f.trainer.failPolls(null);
        f.step();
        f.trainer.failPolls(REVOKED);
        f.step();
        f.clock.advance(ExperimentDriver.AUTH_REFUSAL_GRACE.minus(Duration.ofSeconds(5)));
        f.step();

        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.RUNNING);
        f.trainer.failPolls(null);
        f.trainer.succeed(id, 0.5);
        f.step();
        assertThat(f.trial(id).status()).isEqualTo(TrialStatus.SUCCEEDED);
    }
}
