package dev.sibyl.scheduler.fairshare;

/** A waiting trial and what the pass has found out about it so far. */
final class Candidate {
    final WaitingTrial trial;
    final TenantState tenant;
    final int priority;
    final long enqueuedAt;
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
        this.priority = trial.priority();
        this.enqueuedAt = trial.enqueuedAt();
    }

    /** Higher priority first, then earlier enqueued, then by id. */
    static int compareWithinExperiment(Candidate a, Candidate b) {
        if (a.priority != b.priority) {
            return a.priority > b.priority ? -1 : 1;
        }
        if (a.enqueuedAt != b.enqueuedAt) {
            return a.enqueuedAt < b.enqueuedAt ? -1 : 1;
        }
        return a.trial.id().compareTo(b.trial.id());
    }

    Resources demand() {
        return trial.demand();
    }

    /** A trial open to every pool can share failure knowledge with other such trials. */
    boolean unrestricted() {
        return trial.allowedPools().isEmpty();
    }
}
