package dev.sibyl.server.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.scheduler.experiment.ExperimentSnapshot;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.experiment.TrialRecord;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.testing.Eventually;
import dev.sibyl.server.testing.StoredExperiments;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DriverSupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    DriverSupervisor supervisor;

    @Test
    void experimentsLeftActiveInTheDatabaseAreResumedAndRunToTheEnd() {
        String id = StoredExperiments.insert("RUNNING", "true", 1, 2);
        assertThat(supervisor.isDriven(id)).isFalse();
        assertThat(supervisor.resumeActive()).contains(id);
        assertThat(supervisor.isDriven(id)).isTrue();
        ExperimentSnapshot done = Eventually.await(WAIT, id + " to be done", () -> {
            ExperimentSnapshot s = supervisor.store(id).load();
            return s.status() == ExperimentStatus.DONE ? s : null;
        });
        assertThat(done.trials()).hasSize(2).allMatch(t -> t.status() == TrialStatus.SUCCEEDED);
        Eventually.await(WAIT, "the driver of " + id + " to retire", () -> supervisor.isDriven(id) ? null : true);
    }

    @Test
    void anExperimentWhoseTunerCannotBeRebuiltIsPutInErrorInsteadOfResumed() {
        String id = StoredExperiments.insert("RUNNING", "true", 1, 2, "NoSuchTuner");
        assertThat(supervisor.resumeActive()).doesNotContain(id);
        ExperimentEntity e = QuarkusTransaction.requiringNew().call(() -> ExperimentEntity.findById(id));
        assertThat(e.status).isEqualTo("ERROR");
        assertThat(e.message).contains("NoSuchTuner");
        // Stopping it still works without a driver.
        supervisor.stop(id);
        assertThat(supervisor.store(id).load().status()).isEqualTo(ExperimentStatus.ERROR);
    }

    @Test
    void aRebuiltDriverReattachesToTheTrialsItsPredecessorStarted() throws Exception {
        String id = StoredExperiments.insert("RUNNING", "sleep 60", 2, 2);
        supervisor.start(id);
        List<String> running = Eventually.await(WAIT, "two running trials", () -> {
            List<TrialRecord> trials = supervisor.store(id).load().trials();
            return trials.size() == 2 && trials.stream().allMatch(t -> t.status() == TrialStatus.RUNNING)
                    ? trials.stream().map(TrialRecord::trialId).toList()
                    : null;
        });

        supervisor.restart(id);
        Thread.sleep(1500);
        List<TrialRecord> after = supervisor.store(id).load().trials();
        assertThat(after).extracting(TrialRecord::trialId).containsExactlyElementsOf(running);
        assertThat(after).allMatch(t -> t.status() == TrialStatus.RUNNING && t.submitted());

        supervisor.stop(id);
        ExperimentSnapshot stopped = supervisor.store(id).load();
        assertThat(stopped.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(stopped.trials()).allMatch(t -> t.status() == TrialStatus.USER_CANCELED);
        assertThat(supervisor.isDriven(id)).isFalse();
    }

    @Test
    void theStoreOfAnUnknownExperimentDoesNotExist() {
        assertThatThrownBy(() -> supervisor.store("zzzzzzzz")).isInstanceOf(IllegalArgumentException.class);
    }
}
