package dev.sibyl.scheduler.experiment;

import java.util.Map;

/**
 * Port: the extra environment a trial gets from the server (HTTP channel URL with the trial's token,
 * {@code SIBYL_*} variables). The training service adds the {@code NNI_*} variables itself.
 */
@FunctionalInterface
public interface TrialEnvironment {
    Map<String, String> forTrial(String experimentId, String trialId);
}
