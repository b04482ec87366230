package dev.sibyl.scheduler.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Port: durable storage of one experiment, implemented by the server over PostgreSQL (and by an in-memory
 * fake in tests). Every method is its own transaction; the driver writes a trial's row before it acts on
 * it, so a crash at any point leaves a state the next driver can reconcile.
 */
public interface ExperimentStore {
    ExperimentSnapshot load();

    /**
     * Stores a new WAITING, not yet submitted trial with freshly allocated ids (trial id, next sequence id
     * and, for ALGORITHM trials, the next parameter id) and its parameter record.
     *
     * @throws TrialBudgetExhaustedException when the experiment already holds maxTrialNumber trials (of any
     *     source); checked atomically with the id allocation
     */
    TrialRecord createTrial(Map<String, Object> parameters, ParameterSource source);

    /**
     * Queues a trial's parameters again as a new WAITING trial (same parameters, parameter id, source and parameter
     * record) that does not count against maxTrialNumber: the pool preempted the trial or lost its machine, which was
     * not the experiment's doing.
     *
     * @return the new trial's id
     */
    String requeue(String trialId);

    void markSubmitted(String trialId);

    void markRunning(String trialId, Instant startedAt);

    void markFinished(String trialId, TrialStatus status, Instant endedAt, String message);

    /** Records that the trial is being stopped and which final status it will take. */
    void requestCancel(String trialId, TrialStatus cancelAs);

    /** Stores file-channel metric payloads and the new offset atomically. */
    void appendFileMetrics(String trialId, List<String> payloads, long nextOffset);

    void setStatus(ExperimentStatus status, String message);

    void addExecDuration(Duration delta);
}
