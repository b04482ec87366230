package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrainerException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;

/**
 * Checks machines of a remote pool without an experiment, for the pool health API: logs in to each (bounded by
 * the connect and auth timeouts) and runs {@code nvidia-smi}. Machines are probed one after the other.
 */
public final class RemotePoolProbe {
    private RemotePoolProbe() {}

    /** One {@link MachineHealth} per machine, in the given order; never throws for an unreachable machine. */
    public static List<MachineHealth> probe(List<RemoteMachine> machines, RemotePoolSettings settings) {
        SshClient client = SshClients.start();
        try {
            List<MachineHealth> health = new ArrayList<>();
            for (RemoteMachine machine : machines) {
                MachineLink link = new MachineLink(machine, client, settings, InstantSource.system());
                try {
                    new MachineWorkspace(link, settings.remoteDirectory(), "probe").gpus();
                } catch (TrainerException e) {
                    // recorded in the link's health
                } finally {
                    link.close();
                }
                health.add(link.health());
            }
            return health;
        } finally {
            client.stop();
        }
    }
}
