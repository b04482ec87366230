package dev.sibyl.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.server.metric.MetricValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two shapes of {@code nnictl experiment export}.
 *
 * <p>JSON: {@code [{"parameter": {...}, "value": <metric>, "trialJobId": "..."}]}, plus {@code "intermediate":
 * [<metric>, ...]} when asked. Unlike NNI, whose manager hands the metric over still JSON-encoded (so
 * {@code value} is the string {@code "0.93"}), {@code value} and the intermediate entries are the decoded
 * metrics (the number {@code 0.93}, or the dict); import-data accepts both forms.
 *
 * <p>CSV (as nnictl builds it): one row per trial with a final metric; a column per parameter, then
 * {@code reward} for a scalar metric or one column per key of a dict metric (a key named like a parameter
 * shares its column and the metric wins, as in nnictl's dict merge), then {@code trialJobId}, then
 * {@code intermediate} when asked, holding {@code [m1,m2,...]} with each metric's JSON text. nnictl's column
 * order is that of a Python set; here it is parameters in first-seen order, then metric keys in first-seen
 * order. Values that are not strings or numbers (a nested-choice dict) are written as JSON text where nnictl
 * writes Python's repr. Quoting and {@code \r\n} line ends follow Python's {@code csv} module defaults.
 */
public final class NniExportFormat {
    static final String REWARD = "reward";
    static final String TRIAL_JOB_ID = "trialJobId";
    static final String INTERMEDIATE = "intermediate";

    private NniExportFormat() {}

    public static ArrayNode json(List<ExportedTrial> trials, boolean intermediate) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ExportedTrial trial : trials) {
            ObjectNode entry = out.addObject();
            entry.set("parameter", trial.parameters());
            entry.set("value", MetricValues.decode(trial.finalValueJson()));
            entry.put(TRIAL_JOB_ID, trial.trialJobId());
            if (intermediate) {
                ArrayNode values = entry.putArray(INTERMEDIATE);
                trial.intermediateJson().forEach(v -> values.add(MetricValues.decode(v)));
            }
        }
        return out;
    }

    public static String csv(List<ExportedTrial> trials, boolean intermediate) {
        Set<String> parameterColumns = new LinkedHashSet<>();
        Set<String> metricColumns = new LinkedHashSet<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (ExportedTrial trial : trials) {
            Map<String, String> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = trial.parameters().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                parameterColumns.add(p.getKey());
                row.put(p.getKey(), cell(p.getValue()));
            }
            JsonNode value = MetricValues.decode(trial.finalValueJson());
            if (value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    metricColumns.add(m.getKey());
                    row.put(m.getKey(), cell(m.getValue()));
                }
            } else {
                metricColumns.add(REWARD);
                row.put(REWARD, cell(value));
            }
            row.put(TRIAL_JOB_ID, trial.trialJobId());
            if (intermediate) {
                row.put(INTERMEDIATE, "[" + String.join(",", trial.intermediateJson()) + "]");
            }
            rows.add(row);
        }
        List<String> columns = new ArrayList<>(parameterColumns);
        metricColumns.stream().filter(c -> !parameterColumns.contains(c)).forEach(columns::add);
        columns.remove(TRIAL_JOB_ID);
        columns.add(TRIAL_JOB_ID);
        if (intermediate) {
            columns.remove(INTERMEDIATE);
            columns.add(INTERMEDIATE);
        }
        StringBuilder out = new StringBuilder();
        line(out, columns);
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            columns.forEach(c -> cells.add(row.getOrDefault(c, "")));
            line(out, cells);
        }
        return out.toString();
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
