package dev.sibyl.scheduler.fairshare;

/** A waiting trial and what the pass has found out about it so far. */
final class Candidate {
    final WaitingTrial trial;
    final TenantState tenant;
    long visitOrder;
    WaitReason reason;
    Placement placement;
    MachineState reservedOn;
    boolean listed;

    Candidate(WaitingTrial trial, TenantState tenant) {
        this.trial = trial;
        this.tenant = tenant;
    }

    Resources demand() {
        return trial.demand();
    }

    /** A trial open to every pool can share failure knowledge with other such trials. */
    boolean unrestricted() {
        return trial.allowedPools().isEmpty();
    }
}
