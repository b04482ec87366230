package dev.sibyl.server.pool;

import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.secret.ConfigSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a pool's {@code connection} must hold, kind by kind (docs/api.md, Pools). */
final class PoolConnections {
    private PoolConnections() {}

    static List<FieldError> check(String kind, Set<String> machineIds, Map<String, Object> connection) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> c = connection == null ? Map.of() : connection;
        switch (kind) {
            case "remote" -> {
                Map<?, ?> machines = c.get("machines") instanceof Map<?, ?> m ? m : Map.of();
                for (String id : machineIds) {
                    String at = "connection.machines." + id;
                    if (!(machines.get(id) instanceof Map<?, ?> machine)) {
                        errors.add(new FieldError(at, "is required: host, port, user and a password or sshKey"));
                        continue;
                    }
                    requireText(machine, at, errors, "host", "user");
                    if (machine.get("port") != null
                            && !(machine.get("port") instanceof Integer p && p >= 1 && p <= 65535)) {
                        errors.add(new FieldError(at + ".port", "must be a port number, 1 to 65535"));
                    }
                    if (machine.get("password") == null && machine.get("sshKey") == null) {
                        errors.add(new FieldError(at, "needs a password or an sshKey (the private key's text)"));
                    }
                    if (machine.get("sshKeyFile") != null) {
                        errors.add(new FieldError(
                                at + ".sshKeyFile",
                                "is not accepted: the server does not read key files; send the key's text as sshKey"));
                    }
                }
                machines.keySet().stream()
                        .map(String::valueOf)
                        .filter(id -> !machineIds.contains(id))
                        .forEach(id -> errors.add(
                                new FieldError("connection.machines." + id, "names no machine of the pool")));
            }
            case "kubernetes" -> requireText(c, "connection", errors, "namespace", "image");
            case "openpai" ->
                requireText(
                        c,
                        "connection",
                        errors,
                        "host",
                        "username",
                        "token",
                        "virtualCluster",
                        "dockerImage",
                        "localStorageMountPoint",
                        "containerStorageMountPoint");
            default -> {
                if (!c.isEmpty()) {
                    errors.add(new FieldError("connection", "must be empty for a " + kind + " pool"));
                }
            }
        }
        return errors;
    }

    private static void requireText(Map<?, ?> map, String at, List<FieldError> errors, String... keys) {
        for (String key : keys) {
            if (!(map.get(key) instanceof String s) || s.isBlank()) {
                errors.add(new FieldError(at + "." + key, "is required"));
            }
        }
    }

    /** {@code sent}, with every secret sent back redacted replaced by the stored (sealed) value at the same place. */
    static Object keepRedacted(Object sent, Object stored) {
        if (sent instanceof Map<?, ?> map) {
            Map<?, ?> old = stored instanceof Map<?, ?> o ? o : Map.of();
            Map<String, Object> merged = new LinkedHashMap<>();
            map.forEach((k, v) -> merged.put(String.valueOf(k), keepRedacted(v, old.get(k))));
            return merged;
        }
        if (ConfigSecrets.REDACTED.equals(sent) && stored instanceof String) {
            return stored;
        }
        return sent;
    }
}
