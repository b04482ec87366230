package dev.sibyl.scheduler.fairshare;

/** A waiting trial and what the pass has found out about it so far. */
final class Candidate {
    final WaitingTrial trial;
    final TenantState tenant;
    final ClassLine line;
    /** Its place in its class. */
    final int index;

    WaitReason reason;
    Placement placement;
    MachineState reservedOn;
    boolean listed;

    Candidate(WaitingTrial trial, TenantState tenant, ClassLine line, int index) {
        this.trial = trial;
        this.tenant = tenant;
        this.line = line;
        this.index = index;
    }

    /** The order of {@link TrialClass#IN_LINE}: higher priority, then earlier enqueued, then by id. */
    static int compareWithinExperiment(Candidate a, Candidate b) {
        return TrialClass.IN_LINE.compare(a.trial, b.trial);
    }

    Resources demand() {
        return trial.demand();
    }

    /** A trial open to every pool can share failure knowledge with other such trials. */
    boolean unrestricted() {
        return trial.allowedPools().isEmpty();
    }
}
