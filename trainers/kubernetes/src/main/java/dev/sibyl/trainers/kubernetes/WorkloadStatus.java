package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrialPhase;
import java.time.Instant;

/**
 * What a trial's Job (or Kubeflow job) says about it, read from the watch's cache.
 *
 * @param outcome SUCCEEDED or FAILED once the job has finished, null before
 * @param deleting whether the job is being deleted
 * @param message the reason given by the controller for a failure, or null
 */
record WorkloadStatus(TrialPhase outcome, boolean deleting, Instant startedAt, Instant endedAt, String message) {}
