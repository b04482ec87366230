package dev.sibyl.scheduler.experiment;

import dev.sibyl.trainers.core.Placement;

/**
 * Whether a trial the driver holds may be handed to its training service now: the answer of the pool scheduler,
 * which weighs every tenant's waiting trials against the pools' capacity. A trial not admitted stays WAITING,
 * still counting against its experiment's trialConcurrency, and is asked about again at the next step.
 */
@FunctionalInterface
public interface Admission {
    boolean mayStart(String experimentId, String trialId);

    /**
     * Where the pool scheduler put an admitted trial (machine and GPU indices), handed to the training service
     * with the launch; {@code null} lets the training service choose.
     */
    default Placement placement(String experimentId, String trialId) {
        return null;
    }

    /**
     * Called at the end of a driver step in which trials of the experiment ended, once the trials that follow them
     * are queued: the resources the ended trials kept for their experiment go back to the pool (ADR 0032). Until
     * then the pool scheduler does not give them to anyone else, so it decides on the experiment's whole demand,
     * not on the moment between a trial's end and its successor's arrival.
     */
    default void handedOver(String experimentId) {}

    /** Every trial may start at once: a driver alone with its machine (the spine before pools). */
    Admission ALWAYS = (experimentId, trialId) -> true;
}
