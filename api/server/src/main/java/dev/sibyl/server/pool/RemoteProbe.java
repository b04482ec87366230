package dev.sibyl.server.pool;

import dev.sibyl.trainers.remote.RemoteMachine;
import dev.sibyl.trainers.remote.RemotePoolSettings;
import dev.sibyl.trainers.remote.RemoteTrainingService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Probes a remote pool's machines over SSH: log in, list GPUs with nvidia-smi, report why not. */
final class RemoteProbe {
    /** Not an experiment: its workspace on each machine stays empty. */
    private static final String PROBE = "pool-health-probe";

    private RemoteProbe() {}

    static Map<String, MachineHealth> probe(
            List<RemoteMachine> machines, Map<String, MachineHealth> previous, Instant now) {
        Map<String, MachineHealth> out = new LinkedHashMap<>();
        try (RemoteTrainingService service =
                new RemoteTrainingService(PROBE, machines, RemotePoolSettings.defaults())) {
            for (dev.sibyl.trainers.remote.MachineHealth h : service.probe()) {
                MachineHealth before = previous.get(h.machine());
                Instant contact = h.lastContact() != null
                        ? h.lastContact()
                        : before == null ? null : before.lastContact();
                out.put(h.machine(), new MachineHealth(h.reachable(), h.gpus(), h.lastError(), now, contact));
            }
        }
        return out;
    }
}
