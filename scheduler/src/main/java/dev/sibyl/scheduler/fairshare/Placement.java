package dev.sibyl.scheduler.fairshare;

import java.util.List;

/** An admission made during the pass; withdrawn when a nominal owner reclaims its machine. */
final class Placement {
    final Candidate candidate;
    final MachineState machine;
    final List<Integer> gpuIndices;
    boolean withdrawn;
    /** On resources held for another trial's reservation ({@link Settings#lendHeld()}). */
    boolean onLoan;

    Placement(Candidate candidate, MachineState machine, List<Integer> gpuIndices) {
        this.candidate = candidate;
        this.machine = machine;
        this.gpuIndices = gpuIndices;
    }
}
