package dev.sibyl.scheduler.experiment;

/**
 * Thrown by {@link ExperimentStore#createTrial} when the experiment already holds maxTrialNumber trials at the
 * moment the new one would be stored. The store checks under the same lock that allocates trial ids, so a trial
 * added concurrently by someone else (a customized trial through the REST API) cannot push the count past the
 * budget however the driver's snapshot was timed.
 */
public final class TrialBudgetExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrialBudgetExhaustedException(String experimentId, int maxTrialNumber) {
        super("experiment " + experimentId + " already has maxTrialNumber (" + maxTrialNumber + ") trials");
    }
}
