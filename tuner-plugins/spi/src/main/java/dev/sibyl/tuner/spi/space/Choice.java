package dev.sibyl.tuner.spi.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * NNI {@code choice}: one of the listed options, unordered. When every option is an object with
 * {@code _name}, the choice is nested and its options are {@link NestedOption}s; otherwise options are plain
 * JSON values returned unchanged (same JSON type).
 */
public record Choice(List<Object> options) implements Dimension {
    public Choice {
        Objects.requireNonNull(options, "options");
        if (options.isEmpty()) {
            throw new IllegalArgumentException("choice needs at least one option");
        }
        // not List.copyOf: NNI allows null among plain options
        options = java.util.Collections.unmodifiableList(new ArrayList<>(options));
    }

    public boolean nested() {
        return options.get(0) instanceof NestedOption;
    }

    public int size() {
        return options.size();
    }

    @Override
    public String type() {
        return "choice";
    }

    /**
     * The parameter value for option {@code index} when the option is plain; for a nested option callers
     * build the object from the sub-space (see {@link SearchSpace}).
     */
    public Object option(int index) {
        return options.get(index);
    }

    /** Index of the option a trial value stands for, or -1. */
    public int indexOf(Object value) {
        for (int i = 0; i < options.size(); i++) {
            Object option = options.get(i);
            if (option instanceof NestedOption nested) {
                if (value instanceof Map<?, ?> m && nested.name().equals(m.get("_name"))) {
                    return i;
                }
            } else if (JsonValues.sameValue(option, value)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public List<String> check(String path, Object value) {
        int index = indexOf(value);
        if (index < 0) {
            return List.of(path + ": " + value + " is not one of the choices");
        }
        if (options.get(index) instanceof NestedOption nested) {
            Map<?, ?> chosen = (Map<?, ?>) value;
            List<String> problems = new ArrayList<>();
            Map<String, Object> rest = new java.util.LinkedHashMap<>();
            chosen.forEach((k, v) -> {
                if (!"_name".equals(k)) {
                    rest.put(String.valueOf(k), v);
                }
            });
            problems.addAll(nested.subSpace().check(rest, path));
            return problems;
        }
        return List.of();
    }
}
