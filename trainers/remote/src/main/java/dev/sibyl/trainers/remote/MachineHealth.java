package dev.sibyl.trainers.remote;

import java.time.Instant;
import java.util.List;

/**
 * What the pool knows about one machine, for the pool health API.
 *
 * @param reachable whether the last attempt to use the machine succeeded
 * @param healthy false once the machine has been unreachable for longer than {@link
 *     RemotePoolSettings#unhealthyAfter()} or refused the credentials; its trials are then reported failed
 * @param gpus GPU indices seen by the last {@code nvidia-smi} query; empty when none was seen (yet)
 * @param lastError why the last attempt failed, or null; never contains a secret
 * @param lastContact when the machine last answered, or null
 */
public record MachineHealth(
        String machine, boolean reachable, boolean healthy, List<Integer> gpus, String lastError, Instant lastContact) {
    public MachineHealth {
        gpus = List.copyOf(gpus);
    }
}
