package dev.sibyl.cli.output;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Renders JSON the way nnictl prints it ({@code json.dumps(x, indent=4, sort_keys=True,
 * separators=(',', ':'))}): keys sorted, four-space indent, no space after the colon, empty
 * containers as {@code []} and {@code {}}. Scripts written against nnictl's output keep working.
 */
public final class PythonStyleJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonStyleJson() {}

    /** The rendering of {@code node}, without a trailing newline. */
    public static String render(JsonNode node) {
        StringBuilder text = new StringBuilder();
        write(node, 0, text);
        return text.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder text) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            text.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) {
                text.append("{}");
                return;
            }
            names.sort(String::compareTo);
            text.append("{\n");
            for (int i = 0; i < names.size(); i++) {
                indent(depth + 1, text);
                text.append(quote(names.get(i))).append(':');
                write(node.get(names.get(i)), depth + 1, text);
                text.append(i < names.size() - 1 ? ",\n" : "\n");
            }
            indent(depth, text);
            text.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                text.append("[]");
                return;
            }
            text.append("[\n");
            Iterator<JsonNode> elements = node.elements();
            while (elements.hasNext()) {
                indent(depth + 1, text);
                write(elements.next(), depth + 1, text);
                text.append(elements.hasNext() ? ",\n" : "\n");
            }
            indent(depth, text);
            text.append(']');
        } else {
            text.append(node.toString()); // scalars: Jackson's JSON form (quoted, escaped strings)
        }
    }

    private static String quote(String name) {
        try {
            return JSON.writeValueAsString(name);
        } catch (JacksonException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }

    private static void indent(int depth, StringBuilder text) {
        text.append("    ".repeat(depth));
    }
}
