package dev.sibyl.server.secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The secrets of an experiment config's {@code trainingService} (one entry or NNI's hybrid list) and of a pool's
 * connection settings: every value, at any depth, under a key named in {@link #SECRET_KEYS} (SSH passwords,
 * passphrases and inline keys of machines, cluster and platform tokens). They are sealed before storing, shown
 * as {@value #REDACTED}, and opened only to build a trainer.
 */
public final class ConfigSecrets {
    public static final String REDACTED = "********";
    static final Set<String> SECRET_KEYS =
            Set.of("password", "sshPassphrase", "sshKey", "token", "accessKeySecret", "clientKey");

    private ConfigSecrets() {}

    /** A copy of the config with every secret of its training services sealed (sealed ones stay as they are). */
    public static Map<String, Object> seal(Map<String, Object> config, SecretBox box) {
        return trainingService(config, sealing(box));
    }

    /** A copy for showing: every secret of its training services replaced by {@value #REDACTED}. */
    public static Map<String, Object> redact(Map<String, Object> config) {
        return trainingService(config, value -> REDACTED);
    }

    /** A copy with every sealed secret of its training services opened, for the trainer that needs them. */
    public static Map<String, Object> open(Map<String, Object> config, SecretBox box) {
        return trainingService(config, opening(box));
    }

    /** A copy of any JSON-like tree (a pool's connection settings) with its secrets sealed. */
    public static Object sealTree(Object tree, SecretBox box) {
        return rewrite(tree, sealing(box));
    }

    public static Object redactTree(Object tree) {
        return rewrite(tree, value -> REDACTED);
    }

    public static Object openTree(Object tree, SecretBox box) {
        return rewrite(tree, opening(box));
    }

    private static UnaryOperator<String> sealing(SecretBox box) {
        return value -> SecretBox.isSealed(value) ? value : box.seal(value);
    }

    private static UnaryOperator<String> opening(SecretBox box) {
        return value -> SecretBox.isSealed(value) ? box.open(value) : value;
    }

    private static Map<String, Object> trainingService(Map<String, Object> config, UnaryOperator<String> secret) {
        if (config == null) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>(config);
        if (copy.containsKey("trainingService")) {
            copy.put("trainingService", rewrite(copy.get("trainingService"), secret));
        }
        return copy;
    }

    private static Object rewrite(Object node, UnaryOperator<String> secret) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                copy.put(
                        key, SECRET_KEYS.contains(key) && v instanceof String s ? secret.apply(s) : rewrite(v, secret));
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(rewrite(item, secret)));
            return copy;
        }
        return node;
    }
}
