package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.local.LocalPoolSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One machine of a remote pool, as an entry of NNI's {@code machineList}. Its {@code toString()} never shows the
 * credentials' secrets.
 *
 * @param name the machine's name in the pool, used by {@link dev.sibyl.trainers.core.Placement#machine()} and in
 *     health reports; {@link #defaultName} gives {@code host:port}
 * @param gpuIndices GPUs trials may use; {@code null} means every GPU {@code nvidia-smi} reports
 * @param maxTrialNumberPerGpu how many trials may share one GPU, at least 1
 * @param useActiveGpu whether GPUs running processes that are not this experiment's trials may be used
 * @param pythonPath a directory prepended to the trials' {@code PATH} (NNI's {@code pythonPath}); null for none
 */
public record RemoteMachine(
        String name,
        String host,
        int port,
        String user,
        SshCredentials credentials,
        List<Integer> gpuIndices,
        int maxTrialNumberPerGpu,
        boolean useActiveGpu,
        String pythonPath) {
    public RemoteMachine {
        requireText(name, "name");
        requireText(host, "host");
        requireText(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, got " + port);
        }
        Objects.requireNonNull(credentials, "credentials: set password or sshKeyFile");
        // A machine hands out its GPUs exactly as the local pool does, so the local pool's checks apply.
        new LocalPoolSettings(gpuIndices, maxTrialNumberPerGpu, useActiveGpu, Duration.ZERO);
        gpuIndices = gpuIndices == null ? null : List.copyOf(gpuIndices);
        if (pythonPath != null && (pythonPath.contains("\n") || pythonPath.contains("\0"))) {
            throw new IllegalArgumentException("pythonPath must be one line");
        }
    }

    /** A machine with NNI's defaults: every GPU, one trial per GPU, busy GPUs skipped, no pythonPath. */
    public static RemoteMachine of(String host, int port, String user, SshCredentials credentials) {
        return new RemoteMachine(defaultName(host, port), host, port, user, credentials, null, 1, false, null);
    }

    public static String defaultName(String host, int port) {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "RemoteMachine[" + name + ", " + user + "@" + host + ":" + port + ", " + credentials + "]";
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
