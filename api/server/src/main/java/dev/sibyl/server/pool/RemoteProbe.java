package dev.sibyl.server.pool;

import dev.sibyl.trainers.remote.RemoteMachine;
import dev.sibyl.trainers.remote.RemotePoolProbe;
import dev.sibyl.trainers.remote.RemotePoolSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Probes a remote pool's machines over SSH: log in, list GPUs with nvidia-smi, report why not. */
final class RemoteProbe {
    private RemoteProbe() {}

    static Map<String, MachineHealth> probe(
            List<RemoteMachine> machines, Map<String, MachineHealth> previous, Instant now) {
        Map<String, MachineHealth> out = new LinkedHashMap<>();
        for (dev.sibyl.trainers.remote.MachineHealth h :
                RemotePoolProbe.probe(machines, RemotePoolSettings.defaults())) {
            MachineHealth before = previous.get(h.machine());
            Instant contact = h.lastContact() != null ? h.lastContact() : before == null ? null : before.lastContact();
            out.put(h.machine(), new MachineHealth(h.reachable(), h.gpus(), h.lastError(), now, contact));
        }
        return out;
    }
}
