package dev.sibyl.scheduler.experiment;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Tuner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One experiment wired the way the server wires it: an in-memory store, a scripted training service, a clock the
 * test moves and a driver over them. {@link #rebuild} stands for a server restart: a new driver and a new tuner
 * over the same store (and, unless replaced, the same training service).
 */
final class DriverFixture {
    static final String EXPERIMENT_ID = "k3j9x0ab";
    static final Duration TICK = Duration.ofMillis(250);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    final InMemoryExperimentStore store;
    final ExperimentPlan plan =
            new ExperimentPlan(EXPERIMENT_ID, "python3 trial.py", Path.of("/srv/sibyl/code/k3j9x0ab"), 1);
    final TrialEnvironment environment = (experimentId, trialId) ->
            Map.of("SIBYL_TRIAL_CHANNEL", "http://127.0.0.1:8080/api/v1/trial-channel/" + trialId);
    ScriptedTrainingService trainer = new ScriptedTrainingService(clock);
    Tuner tuner;
    Assessor assessor;
    Admission admission = Admission.ALWAYS;
    private ExperimentDriver driver;

    DriverFixture(Limits limits) {
        this(limits, SequenceTuner.unlimited());
    }

    DriverFixture(Limits limits, Tuner tuner) {
        this.store = new InMemoryExperimentStore(EXPERIMENT_ID, limits, new Random(7));
        this.tuner = tuner;
    }

    static Limits concurrency(int trialConcurrency) {
        return new Limits(trialConcurrency, null, null, null);
    }

    ExperimentDriver driver() {
        if (driver == null) {
            driver = new ExperimentDriver(plan, tuner, assessor, store, trainer, environment, clock, admission);
        }
        return driver;
    }

    /** Moves the clock one tick and runs one step. */
    void step() {
        clock.advance(TICK);
        driver().step();
    }

    void steps(int count) {
        for (int i = 0; i < count; i++) {
            step();
        }
    }

    /** A restart: a fresh driver with a fresh tuner over the same store and training service. */
    void rebuild(Tuner freshTuner) {
        tuner = freshTuner;
        driver = null;
    }

    /** A restart after which the training service has no trace of the trials any more. */
    void rebuildWithLostTrainingService(Tuner freshTuner) {
        trainer = new ScriptedTrainingService(clock);
        rebuild(freshTuner);
    }

    SequenceTuner sequenceTuner() {
        return (SequenceTuner) tuner;
    }

    ExperimentStatus status() {
        return store.status();
    }

    List<TrialRecord> trials() {
        return store.trials();
    }

    TrialRecord trial(String trialId) {
        return store.trial(trialId);
    }

    long countIn(TrialStatus status) {
        return trials().stream().filter(t -> t.status() == status).count();
    }

    /** Trials submitted and not ended, as the store sees them. */
    long inFlight() {
        return trials().stream().filter(t -> t.submitted() && t.active()).count();
    }

    /** Starts every waiting trial, then makes each running one succeed with a final value of 0.5. */
    void finishEverything() {
        trainer.startAll();
        trainer.inFlight().forEach(id -> trainer.succeed(id, 0.5));
    }
}
