package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.experiment.ParameterSource;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.scheduler.fairshare.Machine;
import dev.sibyl.scheduler.fairshare.Pool;
import dev.sibyl.scheduler.fairshare.Settings;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.driver.PostgresExperimentStore;
import dev.sibyl.server.testing.StoredExperiments;
import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.tenant.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A trial that ends on its own while its experiment proposes more keeps its machine's slot for that experiment until
 * the driver has queued what follows it, at most the hand-over hold (ADR 0032): between a trial's end and its
 * successor's arrival the scheduler would otherwise give the slot to another tenant, whatever the weights say.
 */
@QuarkusTest
class HandoverHoldTest {
    private static final Duration HOLD = Duration.ofSeconds(2);

    @Inject
    DriverSupervisor drivers;

    @Inject
    PoolScheduler scheduler;

    @Inject
    PoolService pools;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entities;

    @Test
    void anEndedTrialsSlotStaysWithItsExperimentUntilHandedOverOrTheHoldRunsOut() {
        String pool = TenantExperiments.privatePool(Tenant.DEFAULT_SLUG, 4);
        String experiment = StoredExperiments.insert("RUNNING", "true", 4, null);
        PostgresExperimentStore store = drivers.store(experiment);
        List<String> trials = queue(store, 4);
        trials.forEach(id -> runOn(experiment, id, pool));
        try {
            assertThat(freeSlotsOfBox(pool, 0)).as("four trials in four slots").isZero();

            store.markFinished(trials.get(0), TrialStatus.SUCCEEDED, Instant.now(), null);
            assertThat(freeSlotsOfBox(pool, 0))
                    .as("the ended trial's slot is held")
                    .isZero();
            assertThat(freeSlotsOfBox(pool, HOLD.toMillis() + 1))
                    .as("the hold runs out")
                    .isEqualTo(1);

            store.markFinished(trials.get(1), TrialStatus.SYS_CANCELED, Instant.now(), "preempted");
            assertThat(freeSlotsOfBox(pool, 0))
                    .as("a trial stopped from outside gives its slot back at once")
                    .isEqualTo(1);

            scheduler.handedOver(experiment);
            assertThat(freeSlotsOfBox(pool, 0)).as("handed over").isEqualTo(2);

            store.setStatus(ExperimentStatus.NO_MORE_TRIAL, "maxTrialNumber reached");
            store.markFinished(trials.get(2), TrialStatus.SUCCEEDED, Instant.now(), null);
            assertThat(freeSlotsOfBox(pool, 0))
                    .as("an experiment that proposes nothing more has nothing to hand over")
                    .isEqualTo(3);
        } finally {
            store.setStatus(ExperimentStatus.STOPPING, null);
            for (String id : trials) {
                store.markFinished(id, TrialStatus.USER_CANCELED, Instant.now(), null);
            }
            store.setStatus(ExperimentStatus.STOPPED, null);
        }
    }

    /**
     * A pass that read the snapshot just before a trial ended may have given its slot away already: the hold then
     * takes only what is free, so the machine never shows less than nothing.
     */
    @Test
    void aHoldNeverTakesWhatARunningTrialAlreadyUses() {
        String pool = TenantExperiments.privatePool(Tenant.DEFAULT_SLUG, 2);
        String experiment = StoredExperiments.insert("RUNNING", "true", 2, null);
        PostgresExperimentStore store = drivers.store(experiment);
        List<String> trials = queue(store, 3);
        try {
            runOn(experiment, trials.get(0), pool);
            runOn(experiment, trials.get(1), pool);
            store.markFinished(trials.get(0), TrialStatus.SUCCEEDED, Instant.now(), null);
            assertThat(freeSlotsOfBox(pool, 0)).as("held").isZero();

            runOn(experiment, trials.get(2), pool);
            assertThat(freeSlotsOfBox(pool, 0))
                    .as("two trials in two slots, the hold took nothing")
                    .isZero();
        } finally {
            store.setStatus(ExperimentStatus.STOPPING, null);
            for (String id : trials) {
                store.markFinished(id, TrialStatus.USER_CANCELED, Instant.now(), null);
            }
            store.setStatus(ExperimentStatus.STOPPED, null);
        }
    }

    private static List<String> queue(PostgresExperimentStore store, int count) {
        List<String> trials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            trials.add(store.createTrial(Map.of("x", i / 4.0), ParameterSource.ALGORITHM)
                    .trialId());
        }
        return trials;
    }

    /** The trial runs in the pool's only machine, as if the scheduler had admitted it there. */
    private void runOn(String experiment, String trial, String pool) {
        QuarkusTransaction.requiringNew()
                .run(() -> entities.createNativeQuery("update trials set status = 'RUNNING', submitted = true,"
                                + " started_at = now(), placement = cast(?1 as jsonb)"
                                + " where experiment_id = ?2 and trial_id = ?3")
                        .setParameter(1, "{\"pool\": \"" + pool + "\", \"machine\": \"box\", \"gpus\": []}")
                        .setParameter(2, experiment)
                        .setParameter(3, trial)
                        .executeUpdate());
    }

    /** The slots the scheduler sees on the pool's machine {@code laterMillis} from now, less its running trials. */
    private int freeSlotsOfBox(String pool, long laterMillis) {
        Snapshot s = new SnapshotReader(
                        dataSource, json, Duration.ofHours(2), Duration.ofSeconds(40), EstimateSettings.OFF, HOLD)
                .read(pools.forScheduler(), System.currentTimeMillis() + laterMillis, Settings.DEFAULTS);
        Pool p = s.pools().stream()
                .filter(x -> x.name().equals(pool))
                .findFirst()
                .orElseThrow();
        Machine box = p.machines().get(0);
        long running = s.running().stream().filter(r -> r.pool().equals(pool)).count();
        return box.capacity().slots() - (int) running;
    }
}
