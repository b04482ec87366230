package dev.sibyl.tuner.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An algorithm's {@code classArgs}: a JSON object (values are {@code Map}, {@code List}, {@code String},
 * {@code Number}, {@code Boolean} or {@code null}) with typed readers. A reader throws {@link
 * InvalidInputException} naming the key when the value has the wrong type; {@link #unknownKeys} finds keys
 * an algorithm does not accept.
 */
public final class Settings {
    private final Map<String, Object> values;
    private final String path;

    public Settings(Map<String, ?> values) {
        this(values, "classArgs");
    }

    public Settings(Map<String, ?> values, String path) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
        this.path = path;
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getString(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string");
    }

    public double getDouble(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && !(v instanceof Boolean)) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number");
    }

    public int getInt(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && !(v instanceof Boolean) && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Math.toIntExact(n.longValue());
        }
        throw wrongType(key, "an integer");
    }

    public Optional<Long> getLong(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n && !(v instanceof Boolean) && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of(n.longValue());
        }
        throw wrongType(key, "an integer");
    }

    public boolean getBoolean(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false");
    }

    /** {@code optimize_mode}, with the algorithm's own default when absent. */
    public OptimizeMode optimizeMode(OptimizeMode fallback) {
        String text = getString("optimize_mode", null);
        if (text == null) {
            return fallback;
        }
        try {
            return OptimizeMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(path + ".optimize_mode", e.getMessage());
        }
    }

    /** A nested object such as TPE's {@code tpe_args}; empty when absent. */
    public Settings getSettings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return new Settings(Map.of(), path + "." + key);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), val));
            return new Settings(copy, path + "." + key);
        }
        throw wrongType(key, "an object");
    }

    /** Violations for every key not in {@code accepted}. */
    public List<Violation> unknownKeys(Set<String> accepted) {
        List<Violation> out = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!accepted.contains(key)) {
                out.add(new Violation(path + "." + key, "unknown argument; accepted: " + String.join(", ", accepted)));
            }
        }
        return out;
    }

    public String path() {
        return path;
    }

    private InvalidInputException wrongType(String key, String expected) {
        return new InvalidInputException(path + "." + key, "must be " + expected + ", got " + values.get(key));
    }
}
