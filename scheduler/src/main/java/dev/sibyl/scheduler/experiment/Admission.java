package dev.sibyl.scheduler.experiment;

/**
 * Whether a trial the driver holds may be handed to its training service now: the answer of the pool scheduler,
 * which weighs every tenant's waiting trials against the pools' capacity. A trial not admitted stays WAITING,
 * still counting against its experiment's trialConcurrency, and is asked about again at the next step.
 */
@FunctionalInterface
public interface Admission {
    boolean mayStart(String experimentId, String trialId);

    /** Every trial may start at once: a driver alone with its machine (the spine before pools). */
    Admission ALWAYS = (experimentId, trialId) -> true;
}
