package dev.sibyl.config;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields one config mapping may hold (an NNI config class), in NNI's declaration order, so the canonical
 * JSON lists them in the same order as NNI's. Reading applies NNI's rules: keys match case- and
 * underscore-insensitively, unknown keys are errors, {@code null} means not set.
 */
final class Section {
    /** A check that needs several fields of one mapping (run only when its fields were readable). */
    @FunctionalInterface
    interface Rule {
        void check(Map<String, Object> values, String path, List<Violation> violations);
    }

    private final List<Field> fields;
    private final Map<String, Field> byFoldedName = new LinkedHashMap<>();
    private final List<Rule> rules;

    private Section(List<Field> fields, List<Rule> rules) {
        this.fields = List.copyOf(fields);
        this.rules = List.copyOf(rules);
        for (Field f : this.fields) {
            if (byFoldedName.put(Field.fold(f.name()), f) != null) {
                throw new IllegalArgumentException("field declared twice: " + f.name());
            }
        }
    }

    static Section of(Field... fields) {
        return new Section(Arrays.asList(fields), List.of());
    }

    /** This section's fields followed by {@code more} (NNI subclasses add fields after their base's). */
    Section plus(Field... more) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(Arrays.asList(more));
        return new Section(all, rules);
    }

    Section withRule(Rule rule) {
        List<Rule> all = new ArrayList<>(rules);
        all.add(rule);
        return new Section(fields, all);
    }

    List<Field> fields() {
        return fields;
    }

    /**
     * The non-null values given in {@code raw}, converted and keyed by canonical field name in declaration
     * order; defaults are not filled (see {@link #complete}). Every problem goes to {@code violations}, with
     * paths under {@code path} ({@code ""} for the top level). Returns {@code null} when {@code raw} is not a
     * mapping.
     */
    Map<String, Object> read(Object raw, String path, List<Violation> violations) {
        if (!(raw instanceof Map<?, ?> map)) {
            violations.add(new Violation(
                    path.isEmpty() ? "config" : path, "must be a mapping, got " + JsonTree.describe(raw)));
            return null;
        }
        Map<Field, Object> given = new LinkedHashMap<>();
        Map<Field, String> writtenAs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Field field = byFoldedName.get(Field.fold(key));
            if (field == null) {
                violations.add(new Violation(join(path, key), unknownFieldMessage(key)));
                continue;
            }
            String earlier = writtenAs.putIfAbsent(field, key);
            if (earlier != null) {
                violations.add(new Violation(
                        join(path, field.name()), "is given twice (as '" + earlier + "' and '" + key + "')"));
                continue;
            }
            given.put(field, e.getValue());
        }
        int before = violations.size();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            String at = join(path, field.name());
            Object value = given.get(field);
            if (value == null) {
                if (field.presence() == Field.Presence.REQUIRED) {
                    violations.add(new Violation(at, "is not set"));
                } else if (field.presence() == Field.Presence.KEY_REQUIRED && !writtenAs.containsKey(field)) {
                    violations.add(new Violation(at, "is not set (null is allowed, but the field must be written)"));
                }
                continue;
            }
            Object converted = convert(field, value, at, violations);
            if (converted != null) {
                values.put(field.name(), converted);
            }
        }
        if (violations.size() == before) {
            for (Rule rule : rules) {
                rule.check(values, path, violations);
            }
        }
        return values;
    }

    /** {@code values} with the defaults of unset fields filled in, recursively, in declaration order. */
    Map<String, Object> complete(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : fields) {
            Object value = values.get(field.name());
            if (value == null) {
                value = field.defaultValue();
            } else if (field.kind() == Field.Kind.SECTION) {
                value = field.section().complete(asMap(value));
            } else if (field.kind() == Field.Kind.SECTION_LIST) {
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    items.add(field.section().complete(asMap(item)));
                }
                value = items;
            }
            if (value != null) {
                out.put(field.name(), value);
            }
        }
        return out;
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private String unknownFieldMessage(String key) {
        String folded = Field.fold(key);
        Field best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Field f : fields) {
            String name = Field.fold(f.name());
            // a v1 or shortened spelling (passphrase for sshPassphrase) counts as a near miss
            int d = folded.length() >= 4 && (name.contains(folded) || folded.contains(name))
                    ? 1
                    : editDistance(folded, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = f;
            }
        }
        if (best != null && bestDistance <= Math.max(1, folded.length() / 4)) {
            return "unknown field; did you mean '" + best.name() + "'?";
        }
        return "unknown field; expected one of "
                + String.join(", ", fields.stream().map(Field::name).toList());
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Object convert(Field field, Object value, String at, List<Violation> violations) {
        switch (field.kind()) {
            case STRING:
                if (!(value instanceof String s)) {
                    violations.add(new Violation(at, "must be a string, got " + JsonTree.describe(value)));
                    return null;
                }
                if (!field.oneOf().isEmpty() && !field.oneOf().contains(s)) {
                    violations.add(new Violation(
                            at, "must be one of " + String.join(", ", field.oneOf()) + ", got '" + s + "'"));
                    return null;
                }
                return s;
            case INT:
                return readInt(field, value, at, violations);
            case BOOL:
                if (!(value instanceof Boolean)) {
                    violations.add(new Violation(at, "must be true or false, got " + JsonTree.describe(value)));
                    return null;
                }
                return value;
            case DURATION:
                try {
                    Durations.parse(value, at);
                    return value;
                } catch (InvalidInputException e) {
                    violations.addAll(e.violations());
                    return null;
                }
            case SIZE:
                try {
                    Sizes.megabytes(value, at);
                    return value;
                } catch (InvalidInputException e) {
                    violations.addAll(e.violations());
                    return null;
                }
            case GPU_INDICES:
                try {
                    return GpuIndices.parse(value, at);
                } catch (InvalidInputException e) {
                    violations.addAll(e.violations());
                    return null;
                }
            case ANY:
                return value;
            case DICT:
                if (!(value instanceof Map<?, ?> m)) {
                    violations.add(new Violation(at, "must be a mapping, got " + JsonTree.describe(value)));
                    return null;
                }
                return JsonTree.stringKeys(m);
            case SECTION:
                return field.section().read(value, at, violations);
            case SECTION_LIST:
                if (!(value instanceof List<?> list)) {
                    violations.add(new Violation(at, "must be a list, got " + JsonTree.describe(value)));
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    Map<String, Object> item = field.section().read(list.get(i), at + "[" + i + "]", violations);
                    items.add(item == null ? new LinkedHashMap<String, Object>() : item);
                }
                return items;
            default:
                throw new IllegalStateException("unhandled kind " + field.kind());
        }
    }

    private static Integer readInt(Field field, Object value, String at, List<Violation> violations) {
        if (!JsonTree.isIntegral(value)) {
            violations.add(new Violation(at, "must be an integer, got " + JsonTree.describe(value)));
            return null;
        }
        Number n = (Number) value;
        if (n instanceof BigInteger || Math.abs(n.longValue()) > Integer.MAX_VALUE) {
            violations.add(new Violation(at, "is too large, got " + value));
            return null;
        }
        long v = n.longValue();
        if (v < field.min() || v > field.max()) {
            violations.add(new Violation(at, rangeMessage(field) + ", got " + v));
            return null;
        }
        return (int) v;
    }

    private static String rangeMessage(Field field) {
        if (field.max() != Long.MAX_VALUE) {
            return "must be between " + field.min() + " and " + field.max();
        }
        if (field.min() == 1) {
            return "must be greater than 0";
        }
        if (field.min() == 0) {
            return "must not be negative";
        }
        return "must be at least " + field.min();
    }
}
