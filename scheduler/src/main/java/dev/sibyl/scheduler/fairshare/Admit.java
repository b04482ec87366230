package dev.sibyl.scheduler.fairshare;

import java.util.List;

/**
 * Start {@code trial} on {@code machine} of {@code pool} with these GPU indices.
 *
 * @param onLoan on resources held for another trial's reservation, which may preempt it (see {@link
 *     RunningTrial#onLoan()})
 */
public record Admit(WaitingTrial trial, String pool, String machine, List<Integer> gpuIndices, boolean onLoan) {
    public Admit {
        gpuIndices = List.copyOf(gpuIndices);
    }

    /** On resources of its own. */
    public Admit(WaitingTrial trial, String pool, String machine, List<Integer> gpuIndices) {
        this(trial, pool, machine, gpuIndices, false);
    }

    public RunningTrial asRunning(long startedAt) {
        return new RunningTrial(
                trial.id(),
                trial.tenant(),
                trial.experiment(),
                pool,
                machine,
                gpuIndices,
                trial.demand(),
                startedAt,
                0,
                trial.deadlineIfStartedAt(startedAt),
                onLoan);
    }
}
