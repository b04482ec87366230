package dev.sibyl.trainers.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the machines of NNI's {@code trainingService} section with {@code platform: remote}: {@code machineList}
 * entries with {@code host}, {@code port} (22), {@code user}, {@code password} or {@code sshKeyFile}
 * ({@code ~/.ssh/id_rsa}) with {@code sshPassphrase}, {@code gpuIndices}, {@code maxTrialNumberPerGpu} (1),
 * {@code useActiveGpu} (false) and {@code pythonPath}. Two Sibyl additions: {@code sshKey}, the private key as
 * text (as a secret store hands it out), and {@code name}, the machine's name in the pool ({@code host:port}).
 * As in NNI, a password wins over a key. Errors name the field ({@code machineList[1].host}) and never a secret.
 */
public final class RemotePoolConfig {
    private RemotePoolConfig() {}

    /** @throws IllegalArgumentException naming the first wrong field */
    public static List<RemoteMachine> machines(Map<String, ?> trainingService) {
        Object list = trainingService.get("machineList");
        if (!(list instanceof List<?> entries) || entries.isEmpty()) {
            throw new IllegalArgumentException("machineList must list at least one machine");
        }
        List<RemoteMachine> machines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "machineList[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(at + " must be a mapping");
            }
            machines.add(machine(entry, at));
        }
        return machines;
    }

    static RemoteMachine machine(Map<?, ?> entry, String at) {
        String host = text(entry, "host", at, null);
        int port = integer(entry, "port", at, 22);
        String user = text(entry, "user", at, null);
        if (host == null) {
            throw new IllegalArgumentException(at + ".host is required");
        }
        if (user == null) {
            throw new IllegalArgumentException(at + ".user is required");
        }
        String passphrase = text(entry, "sshPassphrase", at, null);
        SshCredentials credentials;
        String password = text(entry, "password", at, null);
        String keyText = text(entry, "sshKey", at, null);
        if (password != null) {
            credentials = new SshCredentials.Password(password);
        } else if (keyText != null) {
            credentials = new SshCredentials.KeyText(keyText, passphrase);
        } else {
            String keyFile = text(entry, "sshKeyFile", at, "~/.ssh/id_rsa");
            credentials = new SshCredentials.KeyFile(expandHome(keyFile), passphrase);
        }
        String name = text(entry, "name", at, RemoteMachine.defaultName(host, port));
        try {
            return new RemoteMachine(
                    name,
                    host,
                    port,
                    user,
                    credentials,
                    gpuIndices(entry.get("gpuIndices"), at),
                    integer(entry, "maxTrialNumberPerGpu", at, 1),
                    bool(entry, "useActiveGpu", at),
                    text(entry, "pythonPath", at, null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "." + e.getMessage(), e);
        }
    }

    private static Path expandHome(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + file.substring(1));
        }
        return Path.of(file);
    }

    private static String text(Map<?, ?> entry, String field, String at, String fallback) {
        Object value = entry.get(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(at + "." + field + " must be a string");
        }
        return text;
    }

    private static int integer(Map<?, ?> entry, String field, String at, int fallback) {
        Object value = entry.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer number) {
            return number;
        }
        throw new IllegalArgumentException(at + "." + field + " must be an integer, got " + value);
    }

    private static boolean bool(Map<?, ?> entry, String field, String at) {
        Object value = entry.get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException(at + "." + field + " must be true or false, got " + value);
    }

    /** NNI accepts a list, a single integer or a comma-separated string. */
    private static List<Integer> gpuIndices(Object value, String at) {
        if (value == null) {
            return null;
        }
        List<Integer> indices = new ArrayList<>();
        try {
            if (value instanceof Integer index) {
                indices.add(index);
            } else if (value instanceof String text) {
                indices.addAll(GpuReport.indices(text));
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    indices.add(
                            item instanceof Integer index
                                    ? index
                                    : Integer.valueOf(String.valueOf(item).strip()));
                }
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ".gpuIndices must be integers, got " + value, e);
        }
        return indices;
    }
}
