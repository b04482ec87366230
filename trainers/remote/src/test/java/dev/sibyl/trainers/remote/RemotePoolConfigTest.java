package dev.sibyl.trainers.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemotePoolConfigTest {
    @Test
    void readsNniMachineListWithItsDefaults() {
        List<RemoteMachine> machines = RemotePoolConfig.machines(Map.of(
                "platform",
                "remote",
                "machineList",
                List.of(
                        Map.of("host", "10.0.0.1", "user", "bob", "password", "pw", "gpuIndices", "0,2"),
                        Map.of(
                                "host",
                                "gpu-box",
                                "port",
                                2222,
                                "user",
                                "alice",
                                "sshKeyFile",
                                "/keys/id",
                                "sshPassphrase",
                                "phrase",
                                "maxTrialNumberPerGpu",
                                2,
                                "useActiveGpu",
                                true,
                                "pythonPath",
                                "/opt/py/bin"))));
        RemoteMachine first = machines.get(0);
        assertThat(first.name()).isEqualTo("10.0.0.1:22");
        assertThat(first.credentials()).isEqualTo(new SshCredentials.Password("pw"));
        assertThat(first.gpuIndices()).containsExactly(0, 2);
        assertThat(first.maxTrialNumberPerGpu()).isEqualTo(1);
        RemoteMachine second = machines.get(1);
        assertThat(second.name()).isEqualTo("gpu-box:2222");
        assertThat(second.credentials()).isEqualTo(new SshCredentials.KeyFile(Path.of("/keys/id"), "phrase"));
        assertThat(second.useActiveGpu()).isTrue();
        assertThat(second.pythonPath()).isEqualTo("/opt/py/bin");
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> RemotePoolConfig.machines(Map.of("machineList", List.of())))
                .hasMessage("machineList must list at least one machine");
        assertThatThrownBy(() -> RemotePoolConfig.machines(
                        Map.of("machineList", List.of(Map.of("host", "h", "user", "u", "password", "p", "port", 0)))))
                .hasMessageStartingWith("machineList[0].port must be within 1..65535");
        assertThatThrownBy(() ->
                        RemotePoolConfig.machines(Map.of("machineList", List.of(Map.of("user", "u", "password", "p")))))
                .hasMessage("machineList[0].host is required");
    }
}
