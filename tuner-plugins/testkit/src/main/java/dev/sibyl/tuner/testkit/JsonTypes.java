package dev.sibyl.tuner.testkit;

import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.NestedOption;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a parameter set carries NNI's JSON value types: a choice returns its option with the option's
 * own type (an integer stays an integer, {@code 64} never becomes {@code 64.0}), {@code randint} returns an
 * integer, the numeric types return floating-point numbers (as NNI's {@code 5.0} for q-types), a nested choice
 * returns an object whose {@code _name} is a string.
 */
public final class JsonTypes {
    private JsonTypes() {}

    public static List<String> problems(SearchSpace space, Map<String, ?> parameters) {
        List<String> out = new ArrayList<>();
        check(space, parameters, "", out);
        return out;
    }

    private static void check(SearchSpace space, Map<String, ?> parameters, String path, List<String> out) {
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Object value = parameters.get(e.getKey());
            Dimension d = e.getValue();
            if (value == null) {
                continue; // SearchSpace.check reports missing values
            }
            if (d instanceof Choice c) {
                int index = c.indexOf(value);
                if (index < 0) {
                    continue;
                }
                Object option = c.option(index);
                if (option instanceof NestedOption nested) {
                    Map<?, ?> chosen = (Map<?, ?>) value;
                    if (!(chosen.get("_name") instanceof String)) {
                        out.add(at + "._name: not a string");
                    }
                    Map<String, Object> rest = new LinkedHashMap<>();
                    chosen.forEach((k, v) -> {
                        if (!"_name".equals(k)) {
                            rest.put(String.valueOf(k), v);
                        }
                    });
                    check(nested.subSpace(), rest, at, out);
                } else if (!sameJsonType(option, value)) {
                    out.add(at + ": " + value + " is a " + value.getClass().getSimpleName() + ", the option is a "
                            + option.getClass().getSimpleName());
                }
            } else if (d instanceof RandInt) {
                if (!integral(value)) {
                    out.add(at + ": randint value " + value + " is a "
                            + value.getClass().getSimpleName());
                }
            } else if (!(value instanceof Double || value instanceof Float)) {
                out.add(at + ": " + d.type() + " value " + value + " is a "
                        + value.getClass().getSimpleName() + ", expected a floating-point number");
            }
        }
    }

    private static boolean sameJsonType(Object option, Object value) {
        if (integral(option)) {
            return integral(value);
        }
        if (option instanceof Map<?, ?>) {
            return value instanceof Map<?, ?>;
        }
        if (option instanceof List<?>) {
            return value instanceof List<?>;
        }
        return option.getClass() == value.getClass();
    }

    private static boolean integral(Object n) {
        return n instanceof Integer
                || n instanceof Long
                || n instanceof Short
                || n instanceof Byte
                || n instanceof BigInteger;
    }
}
