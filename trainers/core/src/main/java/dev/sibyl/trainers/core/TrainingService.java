package dev.sibyl.trainers.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Runs trials on one pool (local processes, SSH machines, Kubernetes, OpenPAI). One instance serves one
 * experiment; its state lives where its trials run (files, pods), so a new instance over the same place
 * re-attaches to trials started by a previous one (after a server crash).
 *
 * <p>Threading: implementations are safe for use by several threads. Errors: {@link TrainerException} with
 * a {@link TrainerException.Kind} telling retriable failures from rejected input; never message parsing.
 */
public interface TrainingService extends AutoCloseable {
    /** NNI's platform name ({@code local}, {@code remote}, ...), exported to trials as {@code NNI_PLATFORM}. */
    String platform();

    /**
     * Starts (or queues) a trial. Idempotent per trial id: submitting a trial that this service already
     * knows (running or finished) changes nothing, so a restarted caller may resubmit safely.
     */
    void submit(TrialLaunch launch);

    /** The trial's current state; {@link TrialPhase#UNKNOWN} when this service has no trace of it. */
    TrialState poll(String trialId);

    /**
     * Stops a trial: a graceful signal to everything it started, then a forced kill after a grace period.
     * Returns at once; {@link #poll} reports {@link TrialPhase#CANCELED} once it has ended. Cancelling a
     * finished or unknown trial does nothing.
     */
    void cancel(String trialId);

    /** Complete metric records appended to the trial's file channel at or after {@code offset}. */
    MetricBatch readMetrics(String trialId, long offset);

    /** One of the trial's logs, or empty when it does not exist (yet). */
    Optional<InputStream> openLog(String trialId, LogName log) throws IOException;

    /** Stops watching trials; running trials are left alone (they are re-attached by the next instance). */
    @Override
    void close();
}
