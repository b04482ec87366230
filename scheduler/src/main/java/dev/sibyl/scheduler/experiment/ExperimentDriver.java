package dev.sibyl.scheduler.experiment;

import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Drives one experiment: NNI's manager loop ({@code manageTrials} in {@code nnimanager.ts}) written as a
 * reconcile pass over the stored state. Each {@link #step} reads the experiment from the {@link ExperimentStore},
 * brings the store in line with the {@link TrainingService} (metrics, statuses, stop requests, limits), lets the
 * assessor judge running trials, and keeps {@code trialConcurrency} trials in flight with parameters from the
 * tuner until a limit or the tuner says stop.
 *
 * <p>Lifecycle: the server builds one driver per experiment, again after every restart, and calls {@link #step}
 * every ~250 ms while the experiment is active (and while an experiment in ERROR still has trials in flight, see
 * below); {@link #stop} when a user stops it. Everything that matters lives in the store: the driver writes a
 * trial's row before it acts on the trial, the tuner's history is rebuilt from the store at every ask, and a
 * driver built over the same store re-attaches to the trials the old one started, resubmitting (same trial id and
 * parameter record, not counted again) those the training service has lost. The only memory kept across steps is
 * an optimisation or a courtesy: which trials were already assessed with how many intermediate results, which
 * already got a cancel, and the instant of the last step (execution time spent while no driver ran is not
 * counted, as in NNI).
 *
 * <p>Threading: {@link #step} and {@link #stop} are serialized on this driver; the tuner, the assessor and the
 * store are only ever called from inside them.
 *
 * <p>Errors: a tuner or assessor that throws puts the experiment in ERROR with a message naming the algorithm
 * and its error; trials already in flight keep being reconciled by later steps until they end (they are not
 * killed: their results are still worth having), and {@link #stop} cancels them. {@link TrainerException}s are
 * handled by kind: {@code RETRIABLE} leaves the work for the next step; {@code REJECTED} and {@code AUTH} on
 * submit fail that trial with the service's message; {@code AUTH} on poll fails the trial once it has lasted
 * {@link #AUTH_REFUSAL_GRACE}. Exceptions of the store propagate; the step is then simply
 * run again by the next call.
 */
public final class ExperimentDriver {
    /** How the message of a trial ended because its machine was lost begins; the pool scheduler looks for it. */
    public static final String LOST_PREFIX = "lost: ";

    /** How long the service may refuse the credentials for a running trial before the trial ends FAILED. */
    public static final Duration AUTH_REFUSAL_GRACE = Duration.ofMinutes(2);

    private final ExperimentPlan plan;
    private final Tuner tuner;
    private final Assessor assessor;
    private final ExperimentStore store;
    private final TrainingService trainer;
    private final TrialEnvironment environment;
    private final InstantSource clock;
    private final Admission admission;

    /** Instant of the previous step while execution time is being counted; null when it is not. */
    private Instant lastTick;
    /** Whether the current step has ended a trial, so it hands their resources over when it is done. */
    private boolean trialsEnded;
    /** Number of intermediate rewards each running trial had when the assessor last judged it. */
    private final Map<String, Integer> assessedRewards = new HashMap<>();
    /** Trials a cancel has been sent for by this driver (a rebuilt driver sends it once more). */
    private final Set<String> cancelSent = new HashSet<>();
    /** When the service first refused the credentials while this driver polled each trial, until it answers. */
    private final Map<String, Instant> authRefusedSince = new HashMap<>();

    /** @param assessor null when the experiment has none */
    public ExperimentDriver(
            ExperimentPlan plan,
            Tuner tuner,
            Assessor assessor,
            ExperimentStore store,
            TrainingService trainer,
            TrialEnvironment environment,
            InstantSource clock) {
        this(plan, tuner, assessor, store, trainer, environment, clock, Admission.ALWAYS);
    }

    /**
     * @param assessor null when the experiment has none
     * @param admission asked before each waiting trial is handed to the training service
     */
    public ExperimentDriver(
            ExperimentPlan plan,
            Tuner tuner,
            Assessor assessor,
            ExperimentStore store,
            TrainingService trainer,
            TrialEnvironment environment,
            InstantSource clock,
            Admission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.tuner = Objects.requireNonNull(tuner, "tuner");
        this.assessor = assessor;
        this.store = Objects.requireNonNull(store, "store");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One reconcile pass. Cheap when nothing changed: one load, one poll and one metric read per trial in flight. */
    public synchronized void step() {
        trialsEnded = false;
        try {
            stepOnce();
        } finally {
            // After step 9 queued what follows the trials that ended: their resources may go to others now.
            if (trialsEnded) {
                admission.handedOver(plan.experimentId());
            }
        }
    }

    private void stepOnce() {
        // 1. Read the stored state. INITIALIZED starts running; STOPPING (set by the server) finishes the stop;
        //    ERROR only reconciles the trials still in flight; other inactive statuses have nothing to do.
        ExperimentSnapshot snapshot = load();
        ExperimentStatus status = snapshot.status();
        if (status == ExperimentStatus.INITIALIZED) {
            store.setStatus(ExperimentStatus.RUNNING, null);
            status = ExperimentStatus.RUNNING;
        }
        if (status == ExperimentStatus.STOPPING) {
            stop(snapshot);
            return;
        }
        if (status == ExperimentStatus.ERROR) {
            lastTick = null;
            reconcile(snapshot);
            return;
        }
        if (!status.active()) {
            lastTick = null;
            return;
        }

        // 2. Execution time: the time since the previous step, while the status counts it.
        tick(status);

        // 3. Reconcile every trial in flight with the training service: metrics first, then status, stop
        //    requests, lost trials and maxTrialDuration.
        reconcile(snapshot);

        // 4. Read again: metrics and statuses written in step 3 are what the assessor, the limits and the
        //    tuner must see. A status changed meanwhile by someone else (a stop) is handled by the next step.
        ExperimentSnapshot current = load();
        if (current.status() != status) {
            return;
        }

        // 5. Assessor: judge running trials that reported new intermediate results.
        if (!assess(current)) {
            return;
        }

        // 6. Budget: maxTrialNumber counts trials of every source; maxExperimentDuration counts execution time.
        Limits limits = current.limits();
        // Trials queued again after a preemption replace one already counted.
        int trialCount = (int)
                current.trials().stream().filter(t -> t.requeuedFrom() == null).count();
        boolean trialsSpent = limits.maxTrialNumber() != null && trialCount >= limits.maxTrialNumber();
        boolean timeSpent = limits.maxExperimentDuration() != null
                && current.execDuration().compareTo(limits.maxExperimentDuration()) >= 0;
        if (status == ExperimentStatus.RUNNING && (trialsSpent || timeSpent)) {
            status = ExperimentStatus.NO_MORE_TRIAL;
            store.setStatus(status, budgetMessage(limits, trialsSpent));
        } else if (status == ExperimentStatus.NO_MORE_TRIAL && !trialsSpent && !timeSpent) {
            // The limits were raised while the last trials ran: propose again, as NNI does.
            status = ExperimentStatus.RUNNING;
            store.setStatus(status, null);
        }

        // 7. Done: nothing more will be proposed and nothing is in flight.
        boolean anyActive = current.trials().stream().anyMatch(TrialRecord::active);
        if ((status == ExperimentStatus.NO_MORE_TRIAL || status == ExperimentStatus.TUNER_NO_MORE_TRIAL)
                && !anyActive) {
            store.setStatus(ExperimentStatus.DONE, null);
            lastTick = null;
            return;
        }

        // 8. Trials created but not yet handed over (customized ones from the server, or ours after a crash or
        //    a retriable failure) go first. Out of time, they will never start.
        if (timeSpent) {
            cancelUnstarted(current);
            return;
        }
        int free = limits.trialConcurrency()
                - (int) current.trials().stream()
                        .filter(t -> t.submitted() && t.active())
                        .count();
        boolean waitingLeft = false;
        for (TrialRecord trial : current.trials()) {
            if (trial.submitted() || trial.status() != TrialStatus.WAITING || trial.cancelAs() != null) {
                continue;
            }
            if (free <= 0) {
                waitingLeft = true;
                break;
            }
            if (!admission.mayStart(plan.experimentId(), trial.trialId())) {
                free--; // queued for the pool: it holds its place in trialConcurrency
                continue;
            }
            Submission result = submit(trial, true);
            if (result == Submission.RETRY_LATER) {
                return;
            }
            if (result == Submission.SUBMITTED) {
                free--;
            }
        }

        // 9. Ask the tuner for the free slots, within the remaining trial budget.
        if (status != ExperimentStatus.RUNNING || waitingLeft) {
            return;
        }
        int count = limits.maxTrialNumber() == null ? free : Math.min(free, limits.maxTrialNumber() - trialCount);
        if (count > 0) {
            askTuner(current, count);
        }
    }

    /**
     * Stops the experiment: every waiting or running trial is cancelled and ends USER_CANCELED (or the status a
     * stop requested earlier chose, such as EARLY_STOPPED); a trial that has already ended keeps its real end.
     * The status goes through STOPPING (so a crash half-way is finished by the next driver's step) to STOPPED;
     * an experiment in ERROR keeps ERROR and its message.
     */
    public synchronized void stop() {
        stop(load());
    }

    private void stop(ExperimentSnapshot snapshot) {
        ExperimentStatus status = snapshot.status();
        if (status.active() && status != ExperimentStatus.STOPPING) {
            tick(status);
            store.setStatus(ExperimentStatus.STOPPING, null);
        }
        Instant now = clock.instant();
        for (TrialRecord trial : snapshot.trials()) {
            if (trial.active()) {
                stopTrial(trial, now);
            }
        }
        if (status != ExperimentStatus.ERROR && status != ExperimentStatus.STOPPED) {
            store.setStatus(ExperimentStatus.STOPPED, null);
        }
        lastTick = null;
        assessedRewards.clear();
        cancelSent.clear();
    }

    private void stopTrial(TrialRecord trial, Instant now) {
        TrialState state = trial.submitted() ? pollQuietly(trial.trialId()) : null;
        if (state != null && state.phase().finished()) {
            pullMetrics(trial);
            finish(trial, state, now);
            return;
        }
        TrialStatus endAs = trial.cancelAs() != null ? trial.cancelAs() : TrialStatus.USER_CANCELED;
        if (trial.cancelAs() == null) {
            store.requestCancel(trial.trialId(), endAs);
        }
        String message = null;
        try {
            // Also for a trial never marked submitted: a crash may have come between submit and markSubmitted.
            trainer.cancel(trial.trialId());
        } catch (TrainerException e) {
            message = "the training service could not confirm the cancellation: " + e.getMessage();
        }
        if (trial.submitted()) {
            pullMetrics(trial);
        }
        markFinished(trial.trialId(), endAs, now, message);
    }

    // ---- step 2 ----

    private void tick(ExperimentStatus status) {
        Instant now = clock.instant();
        boolean counting = status == ExperimentStatus.RUNNING
                || status == ExperimentStatus.NO_MORE_TRIAL
                || status == ExperimentStatus.TUNER_NO_MORE_TRIAL;
        if (counting && lastTick != null && now.isAfter(lastTick)) {
            store.addExecDuration(Duration.between(lastTick, now));
        }
        lastTick = counting ? now : null;
    }

    // ---- step 3 ----

    private void reconcile(ExperimentSnapshot snapshot) {
        Instant now = clock.instant();
        for (TrialRecord trial : snapshot.trials()) {
            if (!trial.active()) {
                assessedRewards.remove(trial.trialId());
                cancelSent.remove(trial.trialId());
            } else if (!trial.submitted()) {
                if (trial.cancelAs() != null) {
                    cancelQuietly(trial.trialId());
                    markFinished(trial.trialId(), trial.cancelAs(), now, "stopped before it started");
                }
            } else {
                reconcileSubmitted(trial, snapshot.limits(), now);
            }
        }
    }

    private void reconcileSubmitted(TrialRecord trial, Limits limits, Instant now) {
        String id = trial.trialId();
        TrialState state;
        try {
            state = trainer.poll(id);
            authRefusedSince.remove(id);
        } catch (TrainerException e) {
            if (e.kind() == TrainerException.Kind.AUTH) {
                refused(trial, e, now);
            }
            return; // unreachable or refused: try again next step
        }
        if (state.phase() == TrialPhase.UNKNOWN) {
            if (trial.cancelAs() != null) {
                markFinished(id, trial.cancelAs(), now, null);
            } else {
                // A restart lost the trial: run it again under the same id and record (NNI's resume).
                submit(trial, false);
            }
            return;
        }
        if (state.phase() == TrialPhase.LOST) {
            lose(trial, state, now);
            return;
        }
        // Metrics before status: once the service reports an end, the file channel holds everything the trial
        // wrote, so its final metric is stored before it is marked finished. Unreadable now: decide next step.
        if (!pullMetrics(trial) && state.phase().finished()) {
            return;
        }
        if (state.phase().finished()) {
            finish(trial, state, now);
            return;
        }
        Instant startedAt = trial.startedAt();
        if (state.phase() == TrialPhase.RUNNING && trial.status() == TrialStatus.WAITING) {
            startedAt = state.startedAt() != null ? state.startedAt() : now;
            store.markRunning(id, startedAt);
        }
        TrialStatus cancelAs = trial.cancelAs();
        if (cancelAs == null
                && limits.maxTrialDuration() != null
                && startedAt != null
                && Duration.between(startedAt, now).compareTo(limits.maxTrialDuration()) > 0) {
            cancelAs = TrialStatus.EARLY_STOPPED;
            store.requestCancel(id, cancelAs);
        }
        if (cancelAs != null) {
            // A stop requested by a user (REST kill), the assessor or a limit reaches the service here.
            sendCancel(id);
        }
    }

    /**
     * The service lost the trial's machine: the trial ends SYS_CANCELED with the reason and its parameters are
     * queued again (outside the trial budget), unless a stop was already asked for. Queued first, so a crash between
     * the two writes runs the parameters twice rather than never.
     */
    private void lose(TrialRecord trial, TrialState state, Instant now) {
        String id = trial.trialId();
        String reason = state.message() != null ? state.message() : "the training service lost the trial";
        if (trial.startedAt() == null && state.startedAt() != null && trial.status() == TrialStatus.WAITING) {
            store.markRunning(id, state.startedAt());
        }
        if (trial.cancelAs() != null) {
            markFinished(id, trial.cancelAs(), now, reason);
            return;
        }
        String again = store.requeue(id);
        markFinished(id, TrialStatus.SYS_CANCELED, now, LOST_PREFIX + reason + "; queued again as trial " + again);
    }

    /**
     * The service refuses the credentials when asked about a running trial (a revoked token, a rotated key). A
     * short refusal is retried; one lasting {@link #AUTH_REFUSAL_GRACE} ends the trial FAILED (or as the stop
     * already asked for) with the service's message, so it stops holding its slot and the experiment can end
     * instead of showing it RUNNING forever. Its real state is unknown, so a cancel is still sent.
     */
    private void refused(TrialRecord trial, TrainerException e, Instant now) {
        String id = trial.trialId();
        Instant since = authRefusedSince.computeIfAbsent(id, k -> now);
        if (Duration.between(since, now).compareTo(AUTH_REFUSAL_GRACE) < 0) {
            return;
        }
        cancelQuietly(id);
        TrialStatus endAs = trial.cancelAs() != null ? trial.cancelAs() : TrialStatus.FAILED;
        markFinished(
                id,
                endAs,
                now,
                "the training service has refused the credentials since " + since + ": " + e.getMessage()
                        + "; the trial's state on the service is unknown");
        authRefusedSince.remove(id);
        assessedRewards.remove(id);
        cancelSent.remove(id);
    }

    private void markFinished(String trialId, TrialStatus status, Instant endedAt, String message) {
        store.markFinished(trialId, status, endedAt, message);
        trialsEnded = true;
    }

    private void finish(TrialRecord trial, TrialState state, Instant now) {
        String id = trial.trialId();
        if (trial.startedAt() == null && state.startedAt() != null && trial.status() == TrialStatus.WAITING) {
            store.markRunning(id, state.startedAt());
        }
        TrialStatus status;
        switch (state.phase()) {
            case SUCCEEDED:
                status = TrialStatus.SUCCEEDED;
                break;
            case FAILED:
                status = TrialStatus.FAILED;
                break;
            default: // CANCELED: the status chosen when the stop was requested
                status = trial.cancelAs() != null ? trial.cancelAs() : TrialStatus.USER_CANCELED;
                break;
        }
        Instant endedAt = state.endedAt() != null ? state.endedAt() : now;
        markFinished(id, status, endedAt, state.message());
        assessedRewards.remove(id);
        cancelSent.remove(id);
    }

    /** Stores new file-channel metrics; false when the service could not be read. */
    private boolean pullMetrics(TrialRecord trial) {
        MetricBatch batch;
        try {
            batch = trainer.readMetrics(trial.trialId(), trial.metricOffset());
        } catch (TrainerException e) {
            return false;
        }
        if (!batch.payloads().isEmpty() || batch.nextOffset() != trial.metricOffset()) {
            store.appendFileMetrics(trial.trialId(), batch.payloads(), batch.nextOffset());
        }
        return true;
    }

    private TrialState pollQuietly(String trialId) {
        try {
            return trainer.poll(trialId);
        } catch (TrainerException e) {
            return null;
        }
    }

    private void sendCancel(String trialId) {
        if (cancelSent.add(trialId) && !cancelQuietly(trialId)) {
            cancelSent.remove(trialId); // not delivered: again next step
        }
    }

    private boolean cancelQuietly(String trialId) {
        try {
            trainer.cancel(trialId);
            return true;
        } catch (TrainerException e) {
            return false;
        }
    }

    // ---- step 5 ----

    /** False when the assessor failed and the experiment is now in ERROR. */
    private boolean assess(ExperimentSnapshot current) {
        if (assessor == null) {
            return true;
        }
        TrialHistory history = null;
        for (TrialRecord trial : current.trials()) {
            int rewards = trial.intermediateRewards().size();
            if (trial.status() != TrialStatus.RUNNING
                    || trial.cancelAs() != null
                    || rewards == 0
                    || rewards <= assessedRewards.getOrDefault(trial.trialId(), 0)) {
                continue;
            }
            if (history == null) {
                history = TrialHistory.of(current);
            }
            Optional<Observation> observation = history.observation(trial.trialId());
            Assessor.Verdict verdict;
            try {
                verdict = assessor.assess(observation.orElseThrow(), history.history());
            } catch (RuntimeException e) {
                fail("The assessor failed while judging trial " + trial.trialId() + ": " + describe(e));
                return false;
            }
            assessedRewards.put(trial.trialId(), rewards);
            if (verdict == Assessor.Verdict.BAD) {
                store.requestCancel(trial.trialId(), TrialStatus.EARLY_STOPPED);
                sendCancel(trial.trialId());
            }
        }
        return true;
    }

    // ---- steps 6 and 8 ----

    private static String budgetMessage(Limits limits, boolean trialsSpent) {
        return trialsSpent
                ? "maxTrialNumber (" + limits.maxTrialNumber() + ") reached"
                : "maxExperimentDuration (" + limits.maxExperimentDuration() + ") reached";
    }

    private void cancelUnstarted(ExperimentSnapshot current) {
        Instant now = clock.instant();
        for (TrialRecord trial : current.trials()) {
            if (!trial.submitted() && trial.status() == TrialStatus.WAITING) {
                cancelQuietly(trial.trialId());
                markFinished(
                        trial.trialId(),
                        TrialStatus.SYS_CANCELED,
                        now,
                        "maxExperimentDuration reached before the trial could start");
            }
        }
    }

    private enum Submission {
        SUBMITTED,
        REJECTED,
        RETRY_LATER
    }

    private Submission submit(TrialRecord trial, boolean markSubmitted) {
        try {
            trainer.submit(launch(trial));
        } catch (TrainerException e) {
            if (e.kind() == TrainerException.Kind.RETRIABLE) {
                return Submission.RETRY_LATER;
            }
            markFinished(
                    trial.trialId(),
                    TrialStatus.FAILED,
                    clock.instant(),
                    "the training service rejected the trial: " + e.getMessage());
            return Submission.REJECTED;
        }
        if (markSubmitted) {
            store.markSubmitted(trial.trialId());
        }
        return Submission.SUBMITTED;
    }

    private TrialLaunch launch(TrialRecord trial) {
        return new TrialLaunch(
                plan.experimentId(),
                trial.trialId(),
                trial.sequenceId(),
                trial.parameterRecord(),
                plan.trialCommand(),
                plan.codeDirectory(),
                plan.trialGpuNumber(),
                environment.forTrial(plan.experimentId(), trial.trialId()),
                admission.placement(plan.experimentId(), trial.trialId()));
    }

    // ---- step 9 ----

    private void askTuner(ExperimentSnapshot current, int count) {
        List<Map<String, Object>> proposals;
        try {
            proposals = tuner.ask(TrialHistory.of(current).history(), count);
            if (proposals == null) {
                throw new IllegalStateException("it answered null instead of a list");
            }
            if (proposals.stream().limit(count).anyMatch(Objects::isNull)) {
                throw new IllegalStateException("it proposed a null parameter set");
            }
        } catch (RuntimeException e) {
            fail("The tuner failed while proposing parameters: " + describe(e));
            return;
        }
        boolean serviceAvailable = true;
        int taken = Math.min(count, proposals.size());
        for (Map<String, Object> parameters : proposals.subList(0, taken)) {
            // Stored before it is submitted: a crash in between leaves a WAITING trial that step 8 submits.
            TrialRecord trial;
            try {
                trial = store.createTrial(parameters, ParameterSource.ALGORITHM);
            } catch (TrialBudgetExhaustedException e) {
                // A customized trial took the last slot after this step's snapshot; step 6 settles the status.
                return;
            }
            if (serviceAvailable && admission.mayStart(plan.experimentId(), trial.trialId())) {
                serviceAvailable = submit(trial, true) != Submission.RETRY_LATER;
            }
        }
        // A short answer with trials in flight may only mean "wait for results" (serial Hyperband waits for a
        // rung to finish): ask again later. Only a tuner with nothing to propose and nothing running is done.
        boolean inFlight = taken > 0 || current.trials().stream().anyMatch(TrialRecord::active);
        if (taken < count && !inFlight) {
            store.setStatus(ExperimentStatus.TUNER_NO_MORE_TRIAL, "the tuner has no more parameters to propose");
        }
    }

    private void fail(String message) {
        store.setStatus(ExperimentStatus.ERROR, message);
        lastTick = null;
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private ExperimentSnapshot load() {
        ExperimentSnapshot snapshot = store.load();
        if (!snapshot.experimentId().equals(plan.experimentId())) {
            throw new IllegalStateException("store of experiment " + snapshot.experimentId()
                    + " given to the driver of experiment " + plan.experimentId());
        }
        return snapshot;
    }
}
