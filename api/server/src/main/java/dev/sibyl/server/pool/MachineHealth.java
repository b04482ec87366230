package dev.sibyl.server.pool;

import java.time.Instant;
import java.util.List;

/**
 * The last probe of one machine (or namespace, or cluster) of a pool.
 *
 * @param reachable whether the probe got through (SSH login, API call)
 * @param gpus the GPU indices the machine reported ({@code nvidia-smi}); empty when none or unknown
 * @param lastError why the last probe failed, without secrets; null when it succeeded
 * @param checkedAt when the probe ran
 * @param lastContact the last time a probe got through, or null if never
 */
public record MachineHealth(
        boolean reachable, List<Integer> gpus, String lastError, Instant checkedAt, Instant lastContact) {
    public MachineHealth {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }
}
