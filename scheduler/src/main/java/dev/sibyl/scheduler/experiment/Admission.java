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

    /** Every trial may start at once: a driver alone with its machine (the spine before pools). */
    Admission ALWAYS = (experimentId, trialId) -> true;
}
