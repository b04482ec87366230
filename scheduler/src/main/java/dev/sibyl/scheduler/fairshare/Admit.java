package dev.sibyl.scheduler.fairshare;

import java.util.List;

/** Start {@code trial} on {@code machine} of {@code pool} with these GPU indices. */
public record Admit(WaitingTrial trial, String pool, String machine, List<Integer> gpuIndices) {
    public Admit {
        gpuIndices = List.copyOf(gpuIndices);
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
                trial.deadlineIfStartedAt(startedAt));
    }
}
