package dev.sibyl.server.pool;

import java.time.Instant;
import java.util.Map;

/** Checks the machines of pools of one kind: reachable or not, the GPUs they show, why not. */
interface PoolProbe {
    /** Health by machine id; {@code previous} carries each machine's last contact forward. */
    Map<String, MachineHealth> probe(PoolEntity pool, Map<String, MachineHealth> previous, Instant now);
}
