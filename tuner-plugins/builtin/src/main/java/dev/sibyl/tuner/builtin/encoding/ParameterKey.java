package dev.sibyl.tuner.builtin.encoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A canonical text of a JSON value, used to tell whether two parameter sets are the same: object keys are
 * sorted, an integer and a float of the same size differ ({@code 5} is not {@code 5.0}, as in NNI's
 * deduplication), and {@code 64} equals {@code 64L}.
 */
public final class ParameterKey {
    private ParameterKey() {}

    public static String of(Object json) {
        StringBuilder out = new StringBuilder();
        append(out, json);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            out.append(d == 0.0 ? "0.0" : Double.toString(d));
        } else if (value instanceof CharSequence s) {
            quote(out, s.toString());
        } else if (value instanceof Map<?, ?> map) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(out, String.valueOf(entries.get(i).getKey()));
                out.append(':');
                append(out, entries.get(i).getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                append(out, item);
            }
            out.append(']');
        } else {
            out.append('<').append(value.getClass().getName()).append(':');
            quote(out, value.toString());
            out.append('>');
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
