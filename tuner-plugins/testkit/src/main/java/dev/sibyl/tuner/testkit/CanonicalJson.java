package dev.sibyl.tuner.testkit;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** A canonical text of a JSON value (sorted keys, {@code 64} equal to {@code 64L}), to count distinct sets. */
final class CanonicalJson {
    private CanonicalJson() {}

    static String of(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), of(v)));
            return sorted.toString();
        }
        if (json instanceof Collection<?> list) {
            return list.stream().map(CanonicalJson::of).toList().toString();
        }
        if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof Byte) {
            return Long.toString(((Number) json).longValue());
        }
        if (json instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (json instanceof Double d && d == 0.0) {
            return "0.0";
        }
        return String.valueOf(json);
    }
}
